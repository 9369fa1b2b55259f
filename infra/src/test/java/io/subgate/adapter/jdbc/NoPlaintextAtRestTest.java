package io.subgate.adapter.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Reads every raw row of PostgreSQL after writes through the adapters: no secret in the clear. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoPlaintextAtRestTest {
  private static final String ACCESS = "sk-ant-oat01-ACCESS-SECRET-abcdef";
  private static final String REFRESH = "sk-ant-ort01-REFRESH-SECRET-uvwxyz";
  private static final String STATIC_KEY = "sk-proj-STATIC-SECRET-123456";

  private final TestDatabase db = TestDatabase.postgres();
  private final ApplicationContext context = db.context();

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void noTokenRefreshTokenOrApiKeyAppearsInAnyColumn() throws Exception {
    AccountRepository accounts = context.getBean(AccountRepository.class);
    Account oauth =
        accounts.create(
            new NewAccount(
                "oauth",
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new OAuthCredentials(
                    ACCESS, REFRESH, Instant.parse("2026-11-22T12:00:00Z"), null, null, null)));
    accounts.compareAndSetCredentials(
        oauth.id(), 1L, new OAuthCredentials(ACCESS + "2", REFRESH + "2", null, null, null, null));
    accounts.create(
        new NewAccount(
            "static",
            Platform.OPENAI,
            AccountType.APIKEY,
            1,
            1,
            new StaticKeyCredentials(STATIC_KEY, null)));
    long user = context.getBean(UserRepository.class).create("u", 1).id();
    long group = context.getBean(GroupRepository.class).create("g", Platform.OPENAI).id();
    String clientKey = ApiKeys.generate();
    context
        .getBean(ApiKeyRepository.class)
        .create(user, group, "k", ApiKeys.hash(clientKey), ApiKeys.displayPrefix(clientKey));

    StringBuilder everything = new StringBuilder();
    int rows = 0;
    try (Connection c =
            DriverManager.getConnection(db.url(), TestServices.PG_USER, TestServices.PG_PASSWORD);
        Statement s = c.createStatement()) {
      for (String table : List.of("accounts", "account_groups", "users", "api_keys")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            rows++;
            for (int i = 1; i <= columns; i++) {
              everything.append(rs.getString(i)).append('|');
            }
          }
        }
      }
    }
    assertEquals(5, rows, "two accounts, one group, one user, one key were read back raw");
    String raw = everything.toString();
    for (String secret : List.of(ACCESS, REFRESH, STATIC_KEY, clientKey, "ACCESS-SECRET")) {
      assertFalse(
          raw.contains(secret), "plaintext secret found at rest: " + secret.substring(0, 8));
    }
    assertTrue(raw.contains(ApiKeys.hash(clientKey)), "the key is stored as its SHA-256 hash");
    assertTrue(raw.contains("v1:"), "credentials are stored as AES-GCM ciphertext");
  }
}
