package io.subgate.adapter.jdbc;

import org.jspecify.annotations.Nullable;

/** Generated ids are present on every row read back from the database. */
final class RowIds {
  private RowIds() {}

  static long require(@Nullable Long id) {
    if (id == null) {
      throw new IllegalStateException("row read without its generated id");
    }
    return id;
  }
}
