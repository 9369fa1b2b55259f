package io.subgate.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.tenancy.GroupRepository;
import io.subgate.testing.InMemoryAlertStore;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.WebhookReceiver;
import io.subgate.testing.WebhookReceiver.Notice;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.threeten.extra.MutableClock;

/**
 * The pool's conditions told to a real receiver on loopback: one signed notice when each starts and
 * one when it clears, however often the watch looks; a receiver that is down gets the notice later,
 * after backoff, and nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertWatchTest {
  private final TestDatabase db = TestDatabase.h2();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryAlertStore store = new InMemoryAlertStore(clock);
  private final WebhookReceiver receiver = new WebhookReceiver();
  private final AlertDispatcher dispatcher =
      new AlertDispatcher(
          store,
          HttpClient.newHttpClient(),
          JsonMapper.createDefault(),
          new SimpleMeterRegistry(),
          clock,
          Runnable::run);
  private final AccountRepository accounts = db.bean(AccountRepository.class);
  private final GroupRepository groups = db.bean(GroupRepository.class);
  private final AlertWatch watch = new AlertWatch(accounts, groups, store, dispatcher, clock);
  private final Webhook hook =
      store.createWebhook("ops", receiver.url(), Webhook.Format.GENERIC, "hook-secret");

  @AfterEach
  void clear() {
    store.openConditions().forEach(c -> store.close(c.condition()));
  }

  @AfterAll
  void stop() {
    receiver.close();
    db.close();
  }

  private Account account() {
    return accounts.create(
        new NewAccount(
            "a-" + UUID.randomUUID(),
            Platform.ANTHROPIC,
            AccountType.APIKEY,
            1,
            1,
            new StaticKeyCredentials("sk-" + UUID.randomUUID(), null)));
  }

  private List<Notice> about(String condition) {
    return receiver.accepted().stream().filter(n -> n.body().contains(condition)).toList();
  }

  @Test
  void anAccountInError_isToldOnce_andItsRecoveryOnce_withAValidSignature() {
    Account a = account();
    accounts.markError(a.id(), "invalid_grant");
    for (int look = 0; look < 3; look++) {
      watch.evaluate();
      dispatcher.deliverDue();
    }
    String condition = "account.error:" + a.id();
    List<Notice> firing = about("\"" + condition + "\"");
    assertEquals(1, firing.size(), receiver.accepted().toString());
    Notice n = firing.get(0);
    assertTrue(n.body().contains("\"state\":\"firing\"") && n.body().contains("invalid_grant"));
    assertEquals("account.error", n.header("X-Subgate-Event"));
    long timestamp = Long.parseLong(n.header(AlertSignature.TIMESTAMP));
    assertEquals(
        AlertSignature.sign("hook-secret", timestamp, n.body()), n.header(AlertSignature.HEADER));

    accounts.clearError(a.id());
    for (int look = 0; look < 3; look++) {
      watch.evaluate();
      dispatcher.deliverDue();
    }
    List<Notice> all = about("\"" + condition + "\"");
    assertEquals(2, all.size(), "one firing, one recovery");
    assertTrue(all.get(1).body().contains("\"state\":\"resolved\""), all.get(1).body());
  }

  @Test
  void aGroupWithNothingSchedulable_andAnAccountParkedForHours_areTold() {
    Account a = account();
    Account b = account();
    long group = groups.create("g-" + UUID.randomUUID(), Platform.ANTHROPIC).id();
    groups.addAccounts(group, List.of(a.id(), b.id()));
    accounts.setTempUnschedulable(
        a.id(), clock.instant().plus(Duration.ofHours(3)), "weekly quota");
    accounts.setTempUnschedulable(b.id(), clock.instant().plus(Duration.ofMinutes(5)), "burst");
    watch.evaluate();
    dispatcher.deliverDue();
    assertEquals(1, about("\"group.unschedulable:" + group + "\"").size());
    assertEquals(
        1, about("\"account.parked:" + a.id() + "\"").size(), "three hours is over an hour");
    assertEquals(0, about("\"account.parked:" + b.id() + "\"").size(), "five minutes is not");

    clock.add(Duration.ofMinutes(6));
    watch.evaluate();
    dispatcher.deliverDue();
    List<Notice> group1 = about("\"group.unschedulable:" + group + "\"");
    assertEquals(2, group1.size(), "b came back: the group recovers");
    assertTrue(group1.get(1).body().contains("resolved"));
  }

  @Test
  void aReceiverThatIsDown_getsTheNoticeAfterBackoff_andASweepsFailuresAreTold() {
    receiver.stop();
    try {
      watch.afterSweep(2, 1);
      dispatcher.deliverDue();
      int before = receiver.accepted().size();
      AlertStore.DeliveryStatus failed = store.recent(1).get(0);
      assertEquals(1, failed.attempts());
      assertTrue(String.valueOf(failed.lastError()).contains("Exception"), failed.toString());

      clock.add(Duration.ofSeconds(4));
      dispatcher.deliverDue();
      assertEquals(1, store.recent(1).get(0).attempts(), "not before its 5 s backoff");
      clock.add(Duration.ofSeconds(1));
      dispatcher.deliverDue();
      assertEquals(2, store.recent(1).get(0).attempts(), "tried again at 5 s");
      receiver.restart();
      clock.add(Duration.ofSeconds(10));
      dispatcher.deliverDue();
      assertEquals(before + 1, receiver.accepted().size());
      assertTrue(receiver.accepted().get(before).body().contains("refresh.failures"));
      assertEquals(3, store.recent(1).get(0).attempts());
    } finally {
      receiver.restart();
    }
    watch.afterSweep(0, 0);
    dispatcher.deliverDue();
    assertEquals(2, about("\"refresh.failures\"").size(), "and its recovery once a sweep is clean");
  }

  @Test
  void backoffDoublesFrom5sToAtMost10Minutes() {
    assertEquals(Duration.ofSeconds(5), AlertDispatcher.backoff(1));
    assertEquals(Duration.ofSeconds(10), AlertDispatcher.backoff(2));
    assertEquals(Duration.ofSeconds(80), AlertDispatcher.backoff(5));
    assertEquals(Duration.ofMinutes(10), AlertDispatcher.backoff(9));
  }
}
