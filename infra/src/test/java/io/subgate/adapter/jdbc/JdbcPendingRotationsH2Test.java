package io.subgate.adapter.jdbc;

import io.subgate.testing.TestDatabase;

class JdbcPendingRotationsH2Test extends JdbcPendingRotationsContract {
  JdbcPendingRotationsH2Test() {
    super(TestDatabase.h2());
  }
}
