package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stored credentials are bound to their account (its id in the AES-GCM associated data): a
 * ciphertext copied into another account's row does not open there, and credentials sealed before
 * the binding still open until their next write, which binds them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundCredentialsTest {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  private Account oauth(String name) {
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

  private Connection connect() throws java.sql.SQLException {
    return DriverManager.getConnection(db.url(), TestServices.PG_USER, TestServices.PG_PASSWORD);
  }

  private String ciphertextOf(Account a) throws Exception {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT credentials_ciphertext FROM accounts WHERE id = ?")) {
      st.setLong(1, a.id());
      try (java.sql.ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private void write(Account a, String ciphertext) throws Exception {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("UPDATE accounts SET credentials_ciphertext = ? WHERE id = ?")) {
      st.setString(1, ciphertext);
      st.setLong(2, a.id());
      assertEquals(1, st.executeUpdate());
    }
  }

  @Test
  void credentialsAreBoundToTheirAccount_aCopyDoesNotOpenInAnotherRow() throws Exception {
    Account victim = oauth("victim-1");
    Account other = oauth("other-1");
    write(victim, ciphertextOf(other));
    AccountRepository accounts = db.bean(AccountRepository.class);
    assertThrows(
        io.subgate.crypto.CredentialDecryptionException.class,
        () -> accounts.findById(victim.id()));
    assertTrue(accounts.findById(other.id()).isPresent(), "the original still opens");
  }

  @Test
  void credentialsSealedBeforeTheBinding_stillOpen_untilTheNextWrite() throws Exception {
    Account old = oauth("sealed-before-1");
    CredentialsCodec codec = db.bean(CredentialsCodec.class);
    write(
        old,
        codec.sealUnbound(new OAuthCredentials("at-old", "rt", Instant.now(), null, null, null)));
    AccountRepository accounts = db.bean(AccountRepository.class);
    Account read = accounts.findById(old.id()).orElseThrow();
    assertEquals("at-old", ((OAuthCredentials) read.credentials()).accessToken());
    assertTrue(
        accounts.compareAndSetCredentials(
            old.id(),
            read.credentialsVersion(),
            new OAuthCredentials("at-new", "rt", Instant.now(), null, null, null)));
    assertEquals(
        "at-new",
        ((OAuthCredentials) accounts.findById(old.id()).orElseThrow().credentials()).accessToken());
    Account elsewhere = oauth("sealed-before-2");
    write(elsewhere, ciphertextOf(old));
    assertThrows(
        io.subgate.crypto.CredentialDecryptionException.class,
        () -> accounts.findById(elsewhere.id()),
        "the rewrite is bound to its account");
  }
}
