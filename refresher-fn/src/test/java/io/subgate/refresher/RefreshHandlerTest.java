package io.subgate.refresher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.refresh.SweepReport;
import io.subgate.testing.TestServices;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The EventBridge event from {@code events/} through the Lambda handler, as the runtime does it.
 */
class RefreshHandlerTest {

  private static ScheduledEvent event(String json) throws Exception {
    CustomPojoSerializer serializer =
        ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
    try (InputStream in = Files.newInputStream(Path.of("../events", json))) {
      return serializer.fromJson(in, ScheduledEvent.class);
    }
  }

  private static ApplicationContextBuilder builder() {
    Map<String, Object> p =
        new HashMap<>(TestServices.databaseProperties(TestServices.freshH2Url()));
    return ApplicationContext.builder().environments("test").properties(p);
  }

  @Test
  void scheduledEvent_runsOneSweepAndReturnsItsSummary() throws Exception {
    ScheduledEvent event = event("scheduled-event.json");
    assertEquals("Scheduled Event", event.getDetailType());

    try (RefreshHandler handler = new RefreshHandler(builder())) {
      AccountRepository accounts = handler.getApplicationContext().getBean(AccountRepository.class);
      Instant now = Instant.now();
      accounts.create(account("due", now.plus(Duration.ofMinutes(5))));
      accounts.create(account("fresh", now.plus(Duration.ofHours(6))));

      SweepReport report = handler.handleRequest(event, null);
      assertEquals(1, report.due());
    }
  }

  @Test
  void eventOfUnexpectedShape_stillRunsTheSweep() throws Exception {
    try (RefreshHandler handler = new RefreshHandler(builder())) {
      handler
          .getApplicationContext()
          .getBean(AccountRepository.class)
          .create(account("unknown-expiry", null));
      assertEquals(1, handler.handleRequest(new ScheduledEvent(), null).due());
    }
  }

  private static NewAccount account(String name, @Nullable Instant expiresAt) {
    return new NewAccount(
        name,
        Platform.ANTHROPIC,
        AccountType.OAUTH,
        1,
        1,
        new OAuthCredentials("at", "rt", expiresAt, null, null, null));
  }
}
