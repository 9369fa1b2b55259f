package io.subgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.refresh.RefreshSweep;
import io.subgate.testing.LoopbackHttpProxy;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Drives the admin API, real upstream calls (a live stub upstream: the API key sent as {@code
 * x-api-key}, a subscription's token as {@code Authorization}) and a sweep with every logger at
 * DEBUG and then TRACE, and checks that no log line, message argument or stack trace carries a
 * token, refresh token, API key, proxy password or login, or the admin token — the HTTP client's
 * header, wire and authentication loggers included (the Anthropic key's calls go through an HTTP
 * proxy with a login).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLoggedTest implements TestPropertyProvider {
  private static final String ACCESS = "sk-ant-oat01-LOGCHECK-ACCESS";
  private static final String REFRESH = "sk-ant-ort01-LOGCHECK-REFRESH";
  private static final String STATIC = "sk-proj-LOGCHECK-STATIC";
  private static final String PROXY_PASSWORD = "LOGCHECK-PROXY-PASSWORD";
  private static final String PROXY_LOGIN =
      java.util.Base64.getEncoder()
          .encodeToString(("logcheck:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));

  /** The Anthropic key's calls leave through this proxy, with a login. */
  private final LoopbackHttpProxy proxy =
      (LoopbackHttpProxy) new LoopbackHttpProxy("logcheck", PROXY_PASSWORD).start();

  private final StubLlmUpstream upstream = live();

  private static StubLlmUpstream live() {
    try {
      return new StubLlmUpstream();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Inject EmbeddedServer server;
  @Inject RefreshSweep sweep;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.embedded();
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    return p;
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
    proxy.close();
  }

  @Test
  void noSecretReachesTheLog() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    Level previous = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    String clientKey;
    try {
      Http admin = new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
      HttpResponse<String> oauth =
          admin.post(
              "/admin/accounts",
              "{\"name\":\"log-oauth\",\"platform\":\"anthropic\",\"type\":\"oauth\","
                  + "\"credentials\":{\"access_token\":\""
                  + ACCESS
                  + "\",\"refresh_token\":\""
                  + REFRESH
                  + "\",\"expires_at\":\"2020-01-01T00:00:00Z\"}}");
      assertEquals(201, oauth.statusCode());
      admin.post(
          "/admin/accounts",
          "{\"name\":\"log-static\",\"platform\":\"openai\",\"type\":\"apikey\","
              + "\"credentials\":{\"api_key\":\""
              + STATIC
              + "\"}}");
      admin.post(
          "/admin/accounts",
          "{\"name\":\"log-bad\",\"platform\":\"nope\",\"type\":\"oauth\","
              + "\"credentials\":{\"access_token\":\""
              + ACCESS
              + "\"}}");
      admin.post("/admin/users", "{\"name\":\"log-user\"}");
      admin.post("/admin/groups", "{\"name\":\"log-group\",\"platform\":\"anthropic\"}");
      HttpResponse<String> key =
          admin.post("/admin/api-keys", "{\"user_id\":1,\"group_id\":1,\"name\":\"k\"}");
      assertEquals(201, key.statusCode(), key.body());
      clientKey = key.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
      new Http(server.getURI(), clientKey).get("/admin/accounts");
      HttpResponse<String> staticAccount =
          admin.post(
              "/admin/accounts",
              "{\"name\":\"log-claude-key\",\"platform\":\"anthropic\",\"type\":\"apikey\","
                  + "\"credentials\":{\"api_key\":\""
                  + STATIC
                  + "-anthropic\"}}");
      assertEquals(201, staticAccount.statusCode());
      String staticId = staticAccount.body().replaceAll("^\\{\"id\":(\\d+).*", "$1");
      HttpResponse<String> proxyCreated =
          admin.post(
              "/admin/proxies",
              "{\"name\":\"log-proxy\",\"kind\":\"http\",\"host\":\"127.0.0.1\",\"port\":"
                  + proxy.port()
                  + ",\"username\":\"logcheck\",\"password\":\""
                  + PROXY_PASSWORD
                  + "\"}");
      assertEquals(201, proxyCreated.statusCode(), proxyCreated.body());
      String proxyId = proxyCreated.body().replaceAll("^\\{\"id\":(\\d+).*", "$1");
      String version = staticAccount.body().replaceAll(".*\"version\":(\\d+).*", "$1");
      HttpResponse<String> routed =
          admin.send(
              "PATCH",
              "/admin/accounts/" + staticId,
              "{\"version\":" + version + ",\"proxy_id\":" + proxyId + "}");
      assertEquals(200, routed.statusCode(), routed.body());
      HttpResponse<String> added =
          admin.post("/admin/groups/1/accounts", "{\"account_ids\":[1," + staticId + "]}");
      assertEquals(200, added.statusCode(), added.body());
      for (Level level : List.of(Level.DEBUG, Level.TRACE)) {
        root.setLevel(level);
        HttpResponse<String> proxied =
            new Http(server.getURI(), clientKey)
                .post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[]}");
        assertEquals(200, proxied.statusCode(), "answered by the live upstream: " + proxied.body());
      }
      assertTrue(
          upstream.callsWith(STATIC + "-anthropic") >= 2, "the key went upstream, at both levels");
      assertTrue(proxy.log().size() >= 2, "through the proxy, with its login: " + proxy.log());
      assertEquals(1, sweep.run().due());
    } finally {
      root.setLevel(previous);
      root.detachAppender(captured);
    }

    List<ILoggingEvent> events = captured.list;
    assertTrue(events.size() > 10, "the run logged at DEBUG: " + events.size() + " events");
    assertTrue(
        events.stream().anyMatch(e -> e.getLevel() == Level.TRACE), "the run logged at TRACE too");
    for (ILoggingEvent event : events) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
      String line = text.toString();
      for (String secret :
          List.of(
              ACCESS,
              REFRESH,
              STATIC,
              clientKey,
              GatewayTestProperties.ADMIN_TOKEN,
              PROXY_PASSWORD,
              PROXY_LOGIN)) {
        assertTrue(!line.contains(secret), "secret in log: " + event.getLoggerName());
      }
    }
  }
}
