package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.testing.EchoServer;
import io.subgate.testing.LoopbackHttpProxy;
import io.subgate.testing.LoopbackProxy;
import io.subgate.testing.LoopbackSocksProxy;
import io.subgate.testing.StubGoogle;
import io.subgate.testing.StubTokenServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts behind egress proxies, end to end through real proxies on loopback (an HTTP proxy and a
 * SOCKS5 proxy, both with a login): inference, token refresh and the OAuth exchange at onboarding
 * go through the account's proxy (each proxy's own log shows them); a stopped proxy parks its
 * account with the reason and nothing is sent direct; passwords never appear in a view.
 */
@MicronautTest(transactional = false)
class EgressTest extends UpstreamTestBase {
  private static final String HTTP_PASSWORD = "hp-" + UUID.randomUUID();
  private static final String SOCKS_PASSWORD = "sp-" + UUID.randomUUID();
  private final StubTokenServer tokens = StubTokenServer.start();
  private final EchoServer echo = new EchoServer();
  private final StubGoogle google = new StubGoogle();
  private final LoopbackHttpProxy httpProxy =
      (LoopbackHttpProxy) new LoopbackHttpProxy("hu", HTTP_PASSWORD).start();
  private final LoopbackSocksProxy socksProxy =
      (LoopbackSocksProxy) new LoopbackSocksProxy("su", SOCKS_PASSWORD).start();

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.platforms.anthropic.token-url", tokens.tokenUrl());
    p.put("subgate.egress.check-url", echo.url("/ip"));
    p.put("subgate.platforms.gemini.oauth-api-base-url", google.baseUrl());
  }

  @AfterAll
  void stopStubs() {
    tokens.close();
    echo.close();
    google.close();
    httpProxy.close();
    socksProxy.close();
  }

  private long proxy(String kind, LoopbackProxy p, String user, String password) {
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/proxies",
                "{\"name\":\"px-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"kind\":\""
                    + kind
                    + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + p.port()
                    + ",\"username\":\""
                    + user
                    + "\",\"password\":\""
                    + password
                    + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(tree(r.body()).get("has_password").getBooleanValue());
    assertFalse(r.body().contains(password), "a password is never shown");
    return tree(r.body()).get("id").getLongValue();
  }

  private void useProxy(Account a, long proxyId) {
    assertEquals(
        proxyId, patchAccount(a, "\"proxy_id\":" + proxyId).get("proxy_id").getLongValue());
  }

  private HttpResponse<String> claudeCode(String key) throws Exception {
    return Sse.send(
        server.getURI(),
        "/v1/messages",
        key,
        Clients.claudeCodeBody(false, "hi"),
        Clients.CLAUDE_CODE_HEADERS);
  }

  private String upstreamTarget(String path) {
    return upstream.baseUrl() + path;
  }

  private static String hostPort(String url) {
    URI u = URI.create(url);
    return u.getHost() + ":" + u.getPort();
  }

  @Test
  void subscriptionsBehindAnHttpAndASocksProxy_serveAndRefreshThroughThem() throws Exception {
    long viaHttp = proxy("http", httpProxy, "hu", HTTP_PASSWORD);
    long viaSocks = proxy("socks5", socksProxy, "su", SOCKS_PASSWORD);
    String httpToken = "at-http-" + UUID.randomUUID();
    String socksToken = "at-socks-" + UUID.randomUUID();
    Account behindHttp = pools().oauth(Platform.ANTHROPIC, httpToken, null, 0, 4);
    Account behindSocks = pools().oauth(Platform.ANTHROPIC, socksToken, null, 0, 4);
    useProxy(behindHttp, viaHttp);
    useProxy(behindSocks, viaSocks);
    String httpKey = pools().key(Platform.ANTHROPIC, 4, behindHttp);
    String socksKey = pools().key(Platform.ANTHROPIC, 4, behindSocks);
    int httpLogged = httpProxy.log().size();
    int socksLogged = socksProxy.log().size();

    HttpResponse<String> viaHttpAnswer = claudeCode(httpKey);
    HttpResponse<String> viaSocksAnswer = claudeCode(socksKey);
    assertEquals(200, viaHttpAnswer.statusCode(), viaHttpAnswer.body());
    assertEquals(200, viaSocksAnswer.statusCode(), viaSocksAnswer.body());
    assertEquals(1, upstream.callsWith(httpToken));
    assertEquals(1, upstream.callsWith(socksToken));
    assertTrue(
        httpProxy
            .log()
            .subList(httpLogged, httpProxy.log().size())
            .contains("POST " + upstreamTarget("/v1/messages?beta=true")),
        "the HTTP proxy carried the inference: " + httpProxy.log());
    assertTrue(
        socksProxy
            .log()
            .subList(socksLogged, socksProxy.log().size())
            .contains("CONNECT " + hostPort(upstream.baseUrl())),
        "the SOCKS5 proxy carried the inference: " + socksProxy.log());

    tokens.allow("rt-" + httpToken);
    tokens.allow("rt-" + socksToken);
    for (Account a : new Account[] {behindHttp, behindSocks}) {
      HttpResponse<String> refreshed = admin().post("/admin/accounts/" + a.id() + "/refresh", "");
      assertEquals(200, refreshed.statusCode(), refreshed.body());
    }
    assertEquals(1, tokens.callsFor("rt-" + httpToken));
    assertEquals(1, tokens.callsFor("rt-" + socksToken));
    assertTrue(
        httpProxy.log().contains("POST " + tokens.tokenUrl()),
        "the refresh went through the HTTP proxy: " + httpProxy.log());
    assertTrue(
        socksProxy.log().stream()
                .filter(e -> e.equals("CONNECT " + hostPort(tokens.tokenUrl())))
                .count()
            >= 1,
        "the refresh went through the SOCKS5 proxy: " + socksProxy.log());
  }

  @Test
  void aStoppedProxy_parksItsAccountWithTheReason_andNothingGoesDirect() throws Exception {
    LoopbackHttpProxy doomed = (LoopbackHttpProxy) new LoopbackHttpProxy(null, null).start();
    long proxyId = proxy("http", doomed, "any", "unused");
    String parkedToken = "at-parked-" + UUID.randomUUID();
    String directToken = "at-direct-" + UUID.randomUUID();
    Account parked = pools().oauth(Platform.ANTHROPIC, parkedToken, null, 0, 4);
    Account direct = pools().oauth(Platform.ANTHROPIC, directToken, null, 1, 4);
    useProxy(parked, proxyId);
    String key = pools().key(Platform.ANTHROPIC, 4, parked, direct);
    doomed.stop();

    HttpResponse<String> answer = claudeCode(key);
    assertEquals(200, answer.statusCode(), "the other account served: " + answer.body());
    assertEquals(0, upstream.callsWith(parkedToken), "nothing went direct");
    assertEquals(1, upstream.callsWith(directToken));
    JsonNode view = tree(admin().get("/admin/accounts/" + parked.id()).body());
    assertFalse(view.get("schedulable_now").getBooleanValue());
    assertTrue(
        view.get("temp_unschedulable_reason").getStringValue().contains("cannot be reached"),
        view.toString());

    tokens.allow("rt-" + parkedToken);
    HttpResponse<String> refresh = admin().post("/admin/accounts/" + parked.id() + "/refresh", "");
    assertEquals(502, refresh.statusCode(), refresh.body());
    assertEquals(0, tokens.callsFor("rt-" + parkedToken), "no refresh went direct either");

    HttpResponse<String> check = admin().post("/admin/proxies/" + proxyId + "/check", "");
    assertEquals(200, check.statusCode(), check.body());
    assertFalse(tree(check.body()).get("ok").getBooleanValue(), check.body());
    assertEquals(0, echo.calls(), "the check went nowhere direct");
  }

  @Test
  void onboardingExchangesTheCodeThroughTheNewAccountsProxy_andTheCheckSeesTheExit() {
    long viaHttp = proxy("http", httpProxy, "hu", HTTP_PASSWORD);
    HttpResponse<String> started =
        admin().post("/admin/oauth/anthropic/authorize", "{\"kind\":\"oauth\"}");
    assertEquals(200, started.statusCode(), started.body());
    Map<String, String> params =
        query(tree(started.body()).get("authorization_url").getStringValue());
    tokens.authorized("code-via-proxy", String.valueOf(params.get("code_challenge")));
    int before = httpProxy.log().size();
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/oauth/anthropic/exchange",
                "{\"code\":\"code-via-proxy\",\"state\":\""
                    + params.get("state")
                    + "\",\"name\":\"onboarded-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"proxy_id\":"
                    + viaHttp
                    + "}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(viaHttp, tree(created.body()).get("proxy_id").getLongValue());
    assertTrue(
        httpProxy
            .log()
            .subList(before, httpProxy.log().size())
            .contains("POST " + tokens.tokenUrl()),
        "the code exchange went through the proxy: " + httpProxy.log());

    HttpResponse<String> check = admin().post("/admin/proxies/" + viaHttp + "/check", "");
    JsonNode checked = tree(check.body());
    assertTrue(checked.get("ok").getBooleanValue(), check.body());
    assertEquals("127.0.0.1", checked.get("exit_address").getStringValue());
    assertTrue(httpProxy.log().contains("GET " + echo.url("/ip")));

    HttpResponse<String> unknown =
        admin()
            .post(
                "/admin/oauth/anthropic/exchange",
                "{\"code\":\"x\",\"state\":\"y\",\"name\":\"n\",\"proxy_id\":999999}");
    assertEquals(400, unknown.statusCode(), unknown.body());
  }

  @Test
  void anAccountCreatedWithAProxy_findsItsProjectThroughIt_andKeepsIt() {
    long viaSocks = proxy("socks5", socksProxy, "su", SOCKS_PASSWORD);
    String token = "ya29.egress-" + UUID.randomUUID();
    google.user(token, "proj-egress");
    int before = socksProxy.log().size();
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"gem-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"platform\":\"gemini\",\"type\":\"oauth\",\"proxy_id\":"
                    + viaSocks
                    + ",\"credentials\":{\"access_token\":\""
                    + token
                    + "\"}}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode view = tree(created.body());
    assertEquals(viaSocks, view.get("proxy_id").getLongValue());
    assertEquals("proj-egress", view.get("project_id").getStringValue());
    assertTrue(
        socksProxy
            .log()
            .subList(before, socksProxy.log().size())
            .contains("CONNECT " + hostPort(google.baseUrl())),
        "Code Assist was asked through the proxy: " + socksProxy.log());

    HttpResponse<String> unknown =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"x\",\"platform\":\"anthropic\",\"type\":\"apikey\","
                    + "\"proxy_id\":999999,\"credentials\":{\"api_key\":\"sk-x\"}}");
    assertEquals(400, unknown.statusCode(), unknown.body());
    assertTrue(unknown.body().contains("proxy_id"), unknown.body());
  }

  @Test
  void aProxyInUseCannotBeDeleted_andPasswordsStayOutOfEveryView() {
    long id = proxy("socks5", socksProxy, "su", SOCKS_PASSWORD);
    Account a = pools().oauth(Platform.ANTHROPIC, "at-del-" + UUID.randomUUID(), null, 0, 1);
    useProxy(a, id);
    HttpResponse<String> refused = admin().send("DELETE", "/admin/proxies/" + id, "");
    assertEquals(409, refused.statusCode(), refused.body());
    for (String path : new String[] {"/admin/proxies", "/admin/proxies/" + id}) {
      HttpResponse<String> view = admin().get(path);
      assertEquals(200, view.statusCode());
      assertFalse(view.body().contains(SOCKS_PASSWORD), path);
    }
    HttpResponse<String> audit = admin().get("/admin/audit?limit=200");
    assertFalse(audit.body().contains(SOCKS_PASSWORD), "nor in the audit log");
    HttpResponse<String> bad =
        admin()
            .post(
                "/admin/proxies",
                "{\"name\":\"bad\",\"kind\":\"ftp\",\"host\":\"127.0.0.1\",\"port\":1}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("kind"), bad.body());
  }
}
