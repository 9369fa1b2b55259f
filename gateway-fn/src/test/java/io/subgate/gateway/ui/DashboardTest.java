package io.subgate.gateway.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubTokenServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator dashboard, served by the gateway at {@code /admin/ui/} with a strict
 * Content-Security-Policy and no admin token for its files (every call it makes sends one), and
 * driven end to end in Debian's Chromium by {@code ui/e2e/run.mjs} against stub upstreams: log in,
 * an account added through the provider's sign-in page and checked healthy (its steps streamed), a
 * key created with limits, an upstream fault's cooldown appearing live and cleared, the requests in
 * the chart and the log (filtered, paged), a bulk action, the settings, the key revoked; an
 * accessibility audit and screenshots of every page at 1280 and 390 px ({@code
 * target/ui-screenshots}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest implements TestPropertyProvider {
  private final StubLlmUpstream upstream = start();
  private final StubTokenServer tokens = StubTokenServer.start(4);
  @Inject EmbeddedServer server;
  @Inject AccountRepository accounts;
  @Inject GroupRepository groups;
  @Inject UserRepository users;

  private static StubLlmUpstream start() {
    try {
      return new StubLlmUpstream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.sharedServices();
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    p.put("subgate.platforms.anthropic.token-url", tokens.tokenUrl());
    p.put("subgate.platforms.anthropic.authorize-url", tokens.signInUrl());
    return p;
  }

  @AfterAll
  void stop() {
    upstream.close();
    tokens.close();
  }

  private Http anonymous() {
    return new Http(server.getURI(), null);
  }

  @Test
  void theDashboardsFilesArePublic_underAStrictPolicy_andNothingElseIs() {
    HttpResponse<String> page = anonymous().get("/admin/ui/");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<main id=\"app\""), page.body());
    String policy = page.headers().firstValue("content-security-policy").orElse("");
    assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
    assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""));
    String script = page.body().replaceAll("(?s).*src=\"(/admin/ui/assets/[^\"]+\\.js)\".*", "$1");
    assertTrue(
        script.startsWith("/admin/ui/assets/"), "the page loads its bundled script: " + script);
    assertEquals(200, anonymous().get(script).statusCode());
    assertFalse(page.body().contains("<script>"), "no inline script");
    for (String guarded :
        List.of(
            "/admin/accounts", "/admin/ui/../accounts", "/admin/ui/%2e%2e/accounts", "/metrics")) {
      assertEquals(401, anonymous().get(guarded).statusCode(), guarded);
    }
  }

  @Test
  void anOperatorDoesTheRoundsInARealBrowser() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Account faulted = account("faulted-" + suffix, 0);
    Account spare = account("spare-" + suffix, 1);
    upstream.fault("sk-ant-ui-" + faulted.name(), Fault.status(529, 1));
    // The provider's usage read takes a moment, so the check's first step shows before its end.
    upstream.rules(
        r -> {
          if (r.path().equals(StubLlmUpstream.ANTHROPIC_USAGE_PATH)) {
            pause(Duration.ofMillis(1500));
          }
          return Optional.empty();
        });
    String group = "ui-group-" + suffix;
    String user = "ui-user-" + suffix;
    long groupId = groups.create(group, Platform.ANTHROPIC).id();
    groups.addAccounts(groupId, List.of(faulted.id(), spare.id()));
    users.create(user, 4);

    Path shots = Path.of("target", "ui-screenshots");
    ProcessBuilder run =
        new ProcessBuilder("node", "e2e/run.mjs")
            .directory(Path.of("ui").toFile())
            .redirectErrorStream(true);
    run.environment()
        .putAll(
            Map.of(
                "BASE",
                server.getURI().toString().replaceAll("/$", ""),
                "ADMIN_TOKEN",
                GatewayTestProperties.ADMIN_TOKEN,
                "SHOTS",
                shots.toAbsolutePath().toString(),
                "FAULTED",
                faulted.name(),
                "SPARE",
                spare.name(),
                "SIGNED_IN",
                "signed-in-" + suffix,
                "USER_NAME",
                user,
                "GROUP_NAME",
                group,
                "MODEL",
                "claude-sonnet-4"));
    Process process = run.start();
    String output;
    try (var in = process.getInputStream()) {
      assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the browser run ended in time");
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("\"ok\":true"), output);
    for (String name :
        List.of("accounts", "add", "groups", "users", "keys", "usage", "health", "settings")) {
      for (int width : new int[] {1280, 390}) {
        Path shot = shots.resolve(name + "-" + width + ".png");
        assertTrue(Files.size(shot) > 1_000, "screenshot " + shot);
      }
    }
    assertTrue(Files.size(shots.resolve("drawer-1280.png")) > 1_000, "the drawer's screenshot");
    int faultedCalls = upstream.callsWith("sk-ant-ui-" + faulted.name());
    int spareCalls = upstream.callsWith("sk-ant-ui-" + spare.name());
    assertTrue(faultedCalls >= 1 && spareCalls >= 1, faultedCalls + " / " + spareCalls);
    assertTrue(faultedCalls + spareCalls >= 56, "55 answered, one of them after the 529");
    assertTrue(tokens.calls() >= 2, "the sign-in's code exchange and the check's refresh");
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Account account(String name, int priority) {
    return accounts.create(
        new NewAccount(
            name,
            Platform.ANTHROPIC,
            AccountType.APIKEY,
            priority,
            4,
            new StaticKeyCredentials("sk-ant-ui-" + name, null)));
  }
}
