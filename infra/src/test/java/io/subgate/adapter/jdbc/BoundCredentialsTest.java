package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.OAuthCredentials;
import io.subgate.testing.TestDatabase;
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

  private final AccountRows rows = new AccountRows(db);

  @Test
  void credentialsAreBoundToTheirAccount_aCopyDoesNotOpenInAnotherRow() throws Exception {
    Account victim = rows.oauth("victim-1");
    Account other = rows.oauth("other-1");
    rows.writeCiphertext(victim, rows.ciphertextOf(other));
    AccountRepository accounts = db.bean(AccountRepository.class);
    assertThrows(
        io.subgate.crypto.CredentialDecryptionException.class,
        () -> accounts.findById(victim.id()));
    assertTrue(accounts.findById(other.id()).isPresent(), "the original still opens");
  }

  @Test
  void credentialsSealedBeforeTheBinding_stillOpen_untilTheNextWrite() throws Exception {
    Account old = rows.oauth("sealed-before-1");
    CredentialsCodec codec = db.bean(CredentialsCodec.class);
    rows.writeCiphertext(
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
    Account elsewhere = rows.oauth("sealed-before-2");
    rows.writeCiphertext(elsewhere, rows.ciphertextOf(old));
    assertThrows(
        io.subgate.crypto.CredentialDecryptionException.class,
        () -> accounts.findById(elsewhere.id()),
        "the rewrite is bound to its account");
  }
}
