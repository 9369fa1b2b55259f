package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.Platform;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.GroupRepository;
import io.subgate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

  private final AccountRows rows = new AccountRows(db);

  private Account oauth(String name) {
    return rows.oauth(name);
  }

  private void corrupt(Account a) throws Exception {
    rows.writeCiphertext(a, "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
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
    try (Connection c = rows.connect();
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
