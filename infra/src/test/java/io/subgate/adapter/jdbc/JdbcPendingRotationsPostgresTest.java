package io.subgate.adapter.jdbc;

import io.subgate.testing.TestDatabase;

class JdbcPendingRotationsPostgresTest extends JdbcPendingRotationsContract {
  JdbcPendingRotationsPostgresTest() {
    super(TestDatabase.postgres());
  }
}
