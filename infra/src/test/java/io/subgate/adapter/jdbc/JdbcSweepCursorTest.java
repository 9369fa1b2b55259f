package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subgate.refresh.SweepCursor;
import io.subgate.testing.TestDatabase;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcSweepCursorTest {

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "h2"})
  void startsAtZero_savesAndOverwrites(String database) {
    Supplier<TestDatabase> open =
        database.equals("postgres") ? TestDatabase::postgres : TestDatabase::h2;
    try (TestDatabase db = open.get()) {
      SweepCursor cursor = db.bean(SweepCursor.class);
      assertEquals(0, cursor.load());
      cursor.save(42);
      assertEquals(42, cursor.load());
      cursor.save(0);
      assertEquals(0, cursor.load());
    }
  }
}
