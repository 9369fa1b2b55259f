package io.subgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth token endpoint on loopback that rotates refresh tokens like the real providers: each
 * refresh token works once, a reused one gets {@code invalid_grant}. Faults can be switched on:
 * slow answers, 5xx, malformed JSON, an HTML page, a reset connection, and more.
 */
public final class StubTokenServer implements AutoCloseable {

  /** What the next requests get. */
  public enum Mode {
    OK,
    SERVER_ERROR,
    MALFORMED_JSON,
    HTML_PAGE,
    NO_ACCESS_TOKEN,
    NEGATIVE_EXPIRY,
    MISSING_EXPIRY,
    RESET,
    INVALID_CLIENT,
    RATE_LIMITED
  }

  private static final Pattern JSON_RT = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpServer server;
  private final ExecutorService pool;
  private final Set<String> validRefreshTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile Mode mode = Mode.OK;
  private volatile String lastBody = "";
  private volatile String lastContentType = "";
  private final Map<String, String> issuedAccess = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> callsByToken = new ConcurrentHashMap<>();
  private final Map<String, Mode> faultsByToken = new ConcurrentHashMap<>();
  private volatile long delayMillis;
  private volatile long expiresIn = 28_800;
  private volatile boolean rotate = true;
  private volatile String idToken = "";
  private final Map<String, String> codeChallenges = new ConcurrentHashMap<>();

  private StubTokenServer(HttpServer server, int threads) {
    this.server = server;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  public static StubTokenServer start() {
    return start(16);
  }

  /** A stub answering on {@code threads} threads (slow answers occupy one each). */
  public static StubTokenServer start(int threads) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StubTokenServer stub = new StubTokenServer(server, threads);
      server.createContext("/token", stub::handle);
      server.createContext("/oauth/authorize", stub::signIn);
      server.setExecutor(stub.pool);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start stub token server", e);
    }
  }

  public String tokenUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** The provider's sign-in page (configure it as the platform's {@code authorize-url}). */
  public String signInUrl() {
    return baseUrl() + "/oauth/authorize";
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Accepts {@code refreshToken} once. */
  public void allow(String refreshToken) {
    validRefreshTokens.add(refreshToken);
  }

  public void mode(Mode next) {
    mode = next;
  }

  /** Requests presenting {@code refreshToken} get {@code fault} whatever the global mode. */
  public void failFor(String refreshToken, Mode fault) {
    faultsByToken.put(refreshToken, fault);
  }

  public void delay(long millis) {
    delayMillis = millis;
  }

  public void expiresIn(long seconds) {
    expiresIn = seconds;
  }

  /** When false, answers keep the old refresh token valid and return none (OpenAI sometimes). */
  public void rotate(boolean value) {
    rotate = value;
  }

  /** An {@code id_token} every successful answer carries (OpenAI's login does). */
  public void idToken(String next) {
    idToken = next;
  }

  /**
   * The user approved a login: {@code code} is handed to the redirect and exchanges once, only with
   * the verifier whose S256 challenge is {@code challenge}.
   */
  public void authorized(String code, String challenge) {
    codeChallenges.put(code, challenge);
  }

  public int calls() {
    return calls.get();
  }

  /** Requests that presented {@code refreshToken}, successful or not. */
  public int callsFor(String refreshToken) {
    return callsByToken.getOrDefault(refreshToken, new AtomicInteger()).get();
  }

  public String lastBody() {
    return lastBody;
  }

  public String lastContentType() {
    return lastContentType;
  }

  /** The access token issued for {@code refreshToken}, if it was used successfully. */
  public @Nullable String accessIssuedFor(String refreshToken) {
    return issuedAccess.get(refreshToken);
  }

  /**
   * The sign-in page as a person meets it once signed in and approving: it refuses a request
   * without what an OAuth authorization-code request with PKCE must carry, and otherwise shows the
   * code to paste as Claude's callback page does ({@code code#state}), the code bound to the
   * request's S256 challenge.
   */
  private void signIn(HttpExchange exchange) throws IOException {
    Map<String, String> params = form(String.valueOf(exchange.getRequestURI().getRawQuery()));
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    for (String required :
        new String[] {"client_id", "redirect_uri", "code_challenge", "state", "scope"}) {
      if (params.getOrDefault(required, "").isBlank()) {
        send(exchange, 400, "<html><body><p>Invalid request: " + required + " is missing</p>");
        return;
      }
    }
    if (!"code".equals(params.get("response_type"))
        || !"S256".equals(params.get("code_challenge_method"))) {
      send(exchange, 400, "<html><body><p>Invalid request: response_type or PKCE method</p>");
      return;
    }
    String code = "signed-in-" + issued.incrementAndGet();
    authorized(code, params.getOrDefault("code_challenge", ""));
    send(
        exchange,
        200,
        "<html><body><h1>Authorization code</h1><p>Paste this code where you signed in from:</p>"
            + "<code id=\"code\">"
            + code
            + "#"
            + params.getOrDefault("state", "").replaceAll("[^A-Za-z0-9_-]", "")
            + "</code></body></html>");
  }

  private void handle(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    lastBody = body;
    lastContentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (body.contains("authorization_code")) {
      exchangeCode(exchange, body);
      return;
    }
    String presented = refreshTokenOf(body);
    Mode effective = presented == null ? mode : faultsByToken.getOrDefault(presented, mode);
    if (presented != null && effective != Mode.OK) {
      callsByToken.computeIfAbsent(presented, k -> new AtomicInteger()).incrementAndGet();
    }
    switch (effective) {
      case RESET:
        exchange.close();
        return;
      case SERVER_ERROR:
        send(exchange, 502, "{\"error\":\"server_error\"}");
        return;
      case RATE_LIMITED:
        send(exchange, 429, "{\"error\":\"rate_limited\"}");
        return;
      case MALFORMED_JSON:
        send(exchange, 200, "{\"access_token\": \"x\", ");
        return;
      case HTML_PAGE:
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        send(exchange, 503, "<html><body>Service Unavailable</body></html>");
        return;
      case NO_ACCESS_TOKEN:
        send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3600}");
        return;
      case NEGATIVE_EXPIRY:
        send(exchange, 200, "{\"access_token\":\"at-neg\",\"expires_in\":-5}");
        return;
      case MISSING_EXPIRY:
        send(exchange, 200, "{\"access_token\":\"at-noexp\"}");
        return;
      case INVALID_CLIENT:
        send(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      case OK:
      default:
        answer(exchange, presented);
    }
  }

  private void answer(HttpExchange exchange, @Nullable String refreshToken) throws IOException {
    if (refreshToken != null) {
      callsByToken.computeIfAbsent(refreshToken, k -> new AtomicInteger()).incrementAndGet();
    }
    boolean valid =
        refreshToken != null
            && (rotate
                ? validRefreshTokens.remove(refreshToken)
                : validRefreshTokens.contains(refreshToken));
    if (!valid) {
      send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"token reused\"}");
      return;
    }
    int n = issued.incrementAndGet();
    String access = "at-issued-" + n;
    issuedAccess.put(refreshToken, access);
    String rotated = "";
    if (rotate) {
      String next = "rt-issued-" + n;
      validRefreshTokens.add(next);
      rotated = ",\"refresh_token\":\"" + next + "\"";
    }
    send(
        exchange,
        200,
        "{\"access_token\":\""
            + access
            + "\",\"token_type\":\"Bearer\",\"expires_in\":"
            + expiresIn
            + rotated
            + (idToken.isEmpty() ? "" : ",\"id_token\":\"" + idToken + "\"")
            + ",\"scope\":\"user:inference\"}");
  }

  /** {@code grant_type=authorization_code} with PKCE, as JSON (Anthropic) or a form (OpenAI). */
  private void exchangeCode(HttpExchange exchange, String body) throws IOException {
    String code = field(body, "code");
    String verifier = field(body, "code_verifier");
    String challenge = code == null ? null : codeChallenges.remove(code);
    if (challenge == null
        || verifier == null
        || field(body, "redirect_uri") == null
        || !challenge.equals(io.subgate.login.Logins.challenge(verifier))) {
      send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"code\"}");
      return;
    }
    int n = issued.incrementAndGet();
    String refresh = "rt-login-" + n;
    validRefreshTokens.add(refresh);
    send(
        exchange,
        200,
        "{\"access_token\":\"at-login-"
            + n
            + "\",\"token_type\":\"Bearer\",\"expires_in\":"
            + expiresIn
            + ",\"refresh_token\":\""
            + refresh
            + "\""
            + (idToken.isEmpty() ? "" : ",\"id_token\":\"" + idToken + "\"")
            + ",\"scope\":\"user:inference\"}");
  }

  /** The fields of a form body or a query string, decoded. */
  static Map<String, String> form(String encoded) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** A field of a JSON or form body. */
  static @Nullable String field(String body, String name) {
    Matcher json = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    if (json.find()) {
      return json.group(1);
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static @Nullable String refreshTokenOf(String body) {
    Matcher json = JSON_RT.matcher(body);
    if (json.find()) {
      return json.group(1);
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("refresh_token")) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
