package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.GroupRepository;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A row whose credentials this deployment's key cannot open (a rotated key, another deployment's
 * row) costs that account only: the refresher's page and the account's group go on without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadableCredentialsTest {
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

  private void corrupt(Account a) throws Exception {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("UPDATE accounts SET credentials_ciphertext = ? WHERE id = ?")) {
      st.setString(1, "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      st.setLong(2, a.id());
      assertEquals(1, st.executeUpdate());
    }
  }

  @Test
  void theRefresherPage_skipsTheRow_andPutsItsAccountInError() throws Exception {
    Account good = oauth("good-1");
    Account bad = oauth("bad-1");
    Account after = oauth("good-2");
    corrupt(bad);
    AccountRepository accounts = db.bean(AccountRepository.class);

    List<Long> page = accounts.listRefreshable(0, 100).stream().map(Account::id).toList();
    assertEquals(List.of(good.id(), after.id()), page);
    assertEquals(
        List.of(good.id(), after.id()),
        accounts.listRefreshable(0, 100).stream().map(Account::id).toList(),
        "in error: read once, then no longer listed");
    GroupRepository groups = db.bean(GroupRepository.class);
    long group = groups.create("g-unreadable", Platform.ANTHROPIC).id();
    groups.addAccounts(group, List.of(good.id(), bad.id()));
    List<Account> members = db.bean(CandidateCache.class).of(group).orElseThrow().accounts();
    assertEquals(List.of(good.id()), members.stream().map(Account::id).toList());
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT status, error_message FROM accounts WHERE id = ?")) {
      st.setLong(1, bad.id());
      try (java.sql.ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(AccountStatus.ERROR.wireName(), rs.getString(1));
        assertTrue(rs.getString(2).contains("cannot be decrypted"), rs.getString(2));
      }
    }
  }
}
