package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Accounts on a test's own PostgreSQL database, and their {@code accounts} rows read and written
 * behind the repository's back — what someone who can write the database can do.
 */
final class AccountRows {
  private final TestDatabase db;

  AccountRows(TestDatabase db) {
    this.db = db;
  }

  Account oauth(String name) {
    return db.bean(AccountRepository.class)
        .create(
            new NewAccount(
                name,
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new OAuthCredentials("at", "rt", Instant.now(), null, null, null)));
  }

  Connection connect() throws java.sql.SQLException {
    return DriverManager.getConnection(db.url(), TestServices.PG_USER, TestServices.PG_PASSWORD);
  }

  String ciphertextOf(Account a) throws Exception {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT credentials_ciphertext FROM accounts WHERE id = ?")) {
      st.setLong(1, a.id());
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  void writeCiphertext(Account a, String ciphertext) throws Exception {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("UPDATE accounts SET credentials_ciphertext = ? WHERE id = ?")) {
      st.setString(1, ciphertext);
      st.setLong(2, a.id());
      assertEquals(1, st.executeUpdate());
    }
  }
}
