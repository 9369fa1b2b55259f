package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.subgate.config.LambdaContexts;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.admin.AdminToken;
import io.subgate.secrets.SecretUnavailableException;
import io.subgate.secrets.SecretsRefresh;
import io.subgate.testing.StubSecretsManager;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The functions' secrets come from Secrets Manager (a loopback GetSecretValue here), not from the
 * environment: read at start-up, kept in memory, and read again on a schedule so a rotated admin
 * token or database password is used without a restart.
 */
class SecretsRotationTest {

  private static Map<String, String> environment(StubSecretsManager stub) {
    return Map.of(
        "SUBGATE_SECRETS_DATABASE", "arn:aws:secretsmanager:us-east-1:1:secret:db",
        "SUBGATE_SECRETS_CRYPTO", "arn:aws:secretsmanager:us-east-1:1:secret:crypto",
        "SUBGATE_SECRETS_ENDPOINT", stub.endpoint());
  }

  @Test
  void secretsAreReadAtStartUp_andARotationIsPickedUpWithoutARestart() throws Exception {
    StubSecretsManager.useStubCredentials();
    try (StubSecretsManager stub = new StubSecretsManager()) {
      stub.put(
              "arn:aws:secretsmanager:us-east-1:1:secret:db",
              "{\"username\":\"app\",\"password\":\"pw-1\"}")
          .put(
              "arn:aws:secretsmanager:us-east-1:1:secret:crypto",
              "{\"key\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\",\"admin_token\":\"admin-one\"}");
      Map<String, String> properties = new HashMap<>(GatewayTestProperties.embedded());
      properties.remove("subgate.admin.token");
      properties.remove("datasources.default.username");
      properties.remove("datasources.default.password");
      try (ApplicationContext ctx =
          LambdaContexts.builder(environment(stub))
              .environments("test")
              .properties(new HashMap<String, Object>(properties))
              .start()) {
        AdminToken token = ctx.getBean(AdminToken.class);
        assertTrue(token.matches("admin-one"), "the admin token came from the secret");
        HikariDataSource pool = ctx.getBean(DataSource.class).unwrap(HikariDataSource.class);
        assertEquals("app", pool.getUsername());
        assertEquals("pw-1", pool.getPassword());
        int reads = stub.reads();

        stub.put(
                "arn:aws:secretsmanager:us-east-1:1:secret:crypto",
                "{\"key\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\",\"admin_token\":\"admin-two\"}")
            .put(
                "arn:aws:secretsmanager:us-east-1:1:secret:db",
                "{\"username\":\"app\",\"password\":\"pw-2\"}");
        ctx.getBean(SecretsRefresh.class).refresh(); // what the schedule runs

        assertTrue(stub.reads() > reads, "read again");
        assertTrue(token.matches("admin-two"), "the rotated token is used at once");
        assertFalse(token.matches("admin-one"), "and the old one no longer");
        assertEquals("pw-2", pool.getPassword(), "new connections log in with the new password");
      }
    }
  }

  @Test
  void aNamedSecretThatCannotBeRead_stopsTheStartUp_namingIt() throws Exception {
    StubSecretsManager.useStubCredentials();
    try (StubSecretsManager stub = new StubSecretsManager()) {
      SecretUnavailableException e =
          assertThrows(
              SecretUnavailableException.class, () -> LambdaContexts.builder(environment(stub)));
      assertTrue(String.valueOf(e.getMessage()).contains("secret:db"), e.getMessage());
    }
  }
}
