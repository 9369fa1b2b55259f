package io.subgate.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.testing.EchoServer;
import io.subgate.testing.LoopbackHttpProxy;
import io.subgate.testing.LoopbackProxy;
import io.subgate.testing.LoopbackSocksProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through real proxies on loopback: an HTTP proxy (absolute-form requests, Basic proxy login)
 * and a SOCKS5 proxy (username/password), each logging the targets it was asked for. A stopped
 * proxy is an {@link EgressUnavailableException} and nothing reaches the target directly.
 */
class EgressTransportTest {
  private final EchoServer target = new EchoServer();
  private final EgressClients clients = new EgressClients(Duration.ofSeconds(2));
  private final OAuthHttp http = new OAuthHttp(HttpClient.newHttpClient(), clients);
  private final LoopbackHttpProxy httpProxy = new LoopbackHttpProxy("hu", "hp-secret");
  private final LoopbackSocksProxy socksProxy = new LoopbackSocksProxy("su", "sp-secret");

  @AfterEach
  void stop() throws IOException {
    target.close();
    httpProxy.close();
    socksProxy.close();
    clients.close();
  }

  private static EgressProxy proxy(
      long id, ProxyKind kind, LoopbackProxy p, String user, String pass) {
    return new EgressProxy(
        id, new ProxySpec("p" + id, kind, "127.0.0.1", p.port(), user, pass), 1, Instant.now());
  }

  private HttpResponse<String> post(EgressProxy via) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(target.url("/oauth/token")))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}"))
            .build(),
        via);
  }

  @Test
  void aPostGoesThroughTheHttpProxy_withItsLogin() throws Exception {
    httpProxy.start();
    EgressProxy via = proxy(1, ProxyKind.HTTP, httpProxy, "hu", "hp-secret");
    HttpResponse<String> answer = post(via);
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"body_bytes\":30"), answer.body());
    assertEquals(List.of("POST " + target.url("/oauth/token")), httpProxy.log());
    assertEquals(1, target.calls());
  }

  @Test
  void aPostGoesThroughTheSocksProxy_withItsLogin_twiceOnPooledConnections() throws Exception {
    socksProxy.start();
    EgressProxy via = proxy(2, ProxyKind.SOCKS5, socksProxy, "su", "sp-secret");
    assertEquals(200, post(via).statusCode());
    assertEquals(200, post(via).statusCode());
    assertEquals(
        List.of("CONNECT 127.0.0.1:" + target.port()),
        socksProxy.log(),
        "one tunnel, kept for the second call");
    assertEquals(2, target.calls());
  }

  @Test
  void wrongCredentialsAreRefusedByEitherProxy_andNothingReachesTheTarget() throws Exception {
    httpProxy.start();
    socksProxy.start();
    HttpResponse<String> refused = post(proxy(3, ProxyKind.HTTP, httpProxy, "hu", "wrong"));
    assertEquals(407, refused.statusCode(), "the HTTP proxy's own refusal");
    assertThrows(IOException.class, () -> post(proxy(4, ProxyKind.SOCKS5, socksProxy, "su", "x")));
    assertTrue(httpProxy.refusedLogins() > 0);
    assertEquals(1, socksProxy.refusedLogins());
    assertEquals(0, target.calls());
  }

  @Test
  void aStoppedProxyIsUnavailable_neverDirect() throws Exception {
    httpProxy.start();
    socksProxy.start();
    EgressProxy viaHttp = proxy(5, ProxyKind.HTTP, httpProxy, "hu", "hp-secret");
    EgressProxy viaSocks = proxy(6, ProxyKind.SOCKS5, socksProxy, "su", "sp-secret");
    httpProxy.stop();
    socksProxy.stop();
    EgressUnavailableException viaHttpDown =
        assertThrows(EgressUnavailableException.class, () -> post(viaHttp));
    EgressUnavailableException viaSocksDown =
        assertThrows(EgressUnavailableException.class, () -> post(viaSocks));
    assertEquals(0, target.calls(), "nothing went direct");
    for (Exception e : List.of(viaHttpDown, viaSocksDown)) {
      assertTrue(String.valueOf(e.getMessage()).contains("cannot be reached"), e.getMessage());
      assertFalse(String.valueOf(e.getMessage()).contains("secret"), "no password in a message");
    }

    httpProxy.start();
    assertEquals(200, post(viaHttp).statusCode(), "back once the proxy is");
  }

  @Test
  void aChangedProxyVersionGetsANewClient() {
    httpProxy.start();
    EgressProxy v1 = proxy(7, ProxyKind.HTTP, httpProxy, "hu", "hp-secret");
    EgressProxy v2 = new EgressProxy(7, v1.spec(), 2, v1.createdAt());
    assertTrue(clients.client(v1) == clients.client(v1));
    assertFalse(clients.client(v1) == clients.client(v2));
  }
}
