package io.subgate.adapter.jdbc;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Recognises constraint violations through whatever wrappers the data layer adds. */
final class SqlErrors {
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlErrors() {}

  static boolean isUniqueViolation(Throwable error) {
    @Nullable Throwable t = error;
    while (t != null) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }
}
