package io.subgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Google as Subgate meets it, on loopback, refusing what Google refuses:
 *
 * <ul>
 *   <li>{@code /token}: the OAuth token endpoint — form body, the client id and its secret both
 *       required ({@code invalid_request} / {@code invalid_client}), the refresh token kept (Google
 *       does not rotate it).
 *   <li>{@code /v1internal:{method}} (Code Assist; also under {@code /daily} and {@code /prod}, the
 *       two Antigravity hosts): a Bearer token it issued, the {@code {model, project, request}}
 *       envelope with the token owner's own project (a foreign one is {@code PERMISSION_DENIED}),
 *       Antigravity's envelope fields and user agent on the Antigravity hosts; answers wrapped in
 *       {@code {"response": …}}; {@code loadCodeAssist} and {@code onboardUser} as configured.
 *   <li>{@code /v1beta/models/{model}:{method}} (AI Studio): the key in {@code x-goog-api-key} only
 *       (a key sent as Bearer is refused as Google refuses it), {@code contents} required, known
 *       models only; streams are SSE with {@code ?alt=sse}, else a JSON array as Google sends.
 * </ul>
 */
public final class StubGoogle implements AutoCloseable {
  /** The client ids and published secrets the token endpoint accepts. */
  public static final Map<String, String> CLIENTS =
      Map.of(
          "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
          "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",
          "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com",
          "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");

  public static final Set<String> MODELS =
      Set.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-flash", "claude-sonnet-4-6");
  public static final long PROMPT_TOKENS = 21;
  public static final long OUTPUT_TOKENS = 8;

  private static final Pattern AI_STUDIO =
      Pattern.compile(
          "/v1beta/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)");
  private static final Pattern CODE_ASSIST = Pattern.compile("(/daily|/prod)?/v1internal:(\\w+)");
  private static final JsonMapper JSON = JsonMapper.createDefault();

  /** A request as received. */
  public record Seen(String path, String query, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.getOrDefault(name, "");
    }
  }

  /** One canned failure: {@code status} with {@code body}, {@code times} times. */
  private record Fault(int status, String body, AtomicInteger left) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Map<String, String> projects = new ConcurrentHashMap<>();
  private final Map<String, String> onboarding = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pollsLeft = new ConcurrentHashMap<>();
  private final Set<String> tierOnly = ConcurrentHashMap.newKeySet();
  private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, String> refreshOwners = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, Fault> hostFaults = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile @Nullable StubToolTurn toolTurn;
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, String> codeChallenges = new ConcurrentHashMap<>();
  private final Map<String, String> codeProjects = new ConcurrentHashMap<>();
  private final Set<String> refreshIssued = ConcurrentHashMap.newKeySet();

  public StubGoogle() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::serve);
    server.setExecutor(pool);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String tokenUrl() {
    return baseUrl() + "/token";
  }

  /** A Code Assist user: {@code accessToken} works in {@code project}. */
  public StubGoogle user(String accessToken, String project) {
    projects.put(accessToken, project);
    return this;
  }

  /**
   * {@code refreshToken} refreshes to a new access token of a user working in {@code project};
   * {@code null}: of a user with a tier but no project; {@code "onboard:<p>"}: of a user whom
   * {@code onboardUser} gives {@code p}.
   */
  public StubGoogle refreshable(String refreshToken, @Nullable String project) {
    refreshOwners.put(refreshToken, project == null ? "" : project);
    return this;
  }

  /** A user without a project: {@code onboardUser} gives {@code project} after {@code polls}. */
  public StubGoogle onboards(String accessToken, String project, int polls) {
    onboarding.put(accessToken, project);
    pollsLeft.put(accessToken, new AtomicInteger(polls));
    return this;
  }

  /** A user registered for a tier but without a project (needs one set by hand). */
  public StubGoogle tierWithoutProject(String accessToken) {
    tierOnly.add(accessToken);
    return this;
  }

  /**
   * The user approved a login: {@code code} exchanges once, with the verifier of {@code challenge},
   * for tokens of a user working in {@code project}.
   */
  public StubGoogle authorized(String code, String challenge, String project) {
    codeChallenges.put(code, challenge);
    codeProjects.put(code, project);
    return this;
  }

  private String markIssued(String refreshToken) {
    refreshIssued.add(refreshToken);
    return refreshToken;
  }

  public StubGoogle apiKey(String key) {
    apiKeys.add(key);
    return this;
  }

  /** The next {@code times} generation calls with {@code credential} get {@code status, body}. */
  public StubGoogle fault(String credential, int status, String body, int times) {
    faults.put(credential, new Fault(status, body, new AtomicInteger(times)));
    return this;
  }

  /** The next {@code times} calls to the host prefix ({@code /daily}) get {@code status}. */
  public StubGoogle hostFault(String prefix, int status, int times) {
    hostFaults.put(
        prefix,
        new Fault(
            status, error(status, statusName(status), "host fault"), new AtomicInteger(times)));
    return this;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Requests whose path ends with {@code suffix}. */
  public List<Seen> seen(String suffix) {
    return seen.stream().filter(s -> s.path().endsWith(suffix)).toList();
  }

  public Seen last() {
    return seen.get(seen.size() - 1);
  }

  /**
   * Streams ask for {@code turn}'s tool call until the request carries its result (null: never).
   */
  public StubGoogle toolTurn(@Nullable StubToolTurn turn) {
    toolTurn = turn;
    return this;
  }

  public void reset() {
    seen.clear();
    faults.clear();
    hostFaults.clear();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query =
        exchange.getRequestURI().getRawQuery() == null
            ? ""
            : exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    Seen request = new Seen(path, query, headers, body);
    seen.add(request);
    if (path.equals("/token")) {
      token(exchange, body);
      return;
    }
    Matcher studio = AI_STUDIO.matcher(path);
    if (studio.matches()) {
      aiStudio(exchange, request, studio.group(1), studio.group(2));
      return;
    }
    Matcher assist = CODE_ASSIST.matcher(path);
    if (assist.matches()) {
      String host = assist.group(1) == null ? "" : assist.group(1);
      Fault hostFault = hostFaults.get(host);
      if (hostFault != null && hostFault.left().getAndDecrement() > 0) {
        send(exchange, hostFault.status(), hostFault.body());
        return;
      }
      codeAssist(exchange, request, host, assist.group(2));
      return;
    }
    send(exchange, 404, error(404, "NOT_FOUND", "The requested URL " + path + " was not found."));
  }

  private void token(HttpExchange exchange, String body) throws IOException {
    Map<String, String> form = StubTokenServer.form(body);
    String clientId = form.getOrDefault("client_id", "");
    String secret = form.get("client_secret");
    if (!CLIENTS.containsKey(clientId)) {
      send(
          exchange,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"The OAuth client was not found.\"}");
      return;
    }
    if (secret == null || secret.isEmpty()) {
      send(
          exchange,
          400,
          "{\"error\":\"invalid_request\",\"error_description\":\"client_secret is missing.\"}");
      return;
    }
    if (!CLIENTS.get(clientId).equals(secret)) {
      send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}");
      return;
    }
    if ("authorization_code".equals(form.get("grant_type"))) {
      String code = form.getOrDefault("code", "");
      String challenge = codeChallenges.remove(code);
      String verifier = form.getOrDefault("code_verifier", "");
      if (challenge == null || !challenge.equals(io.subgate.login.Logins.challenge(verifier))) {
        send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
        return;
      }
      String refreshToken = "1//login-" + issued.incrementAndGet();
      refreshOwners.put(refreshToken, codeProjects.getOrDefault(code, ""));
      form.put("refresh_token", refreshToken);
      form.put("grant_type", "refresh_token");
    }
    String refresh = form.getOrDefault("refresh_token", "");
    String project = refreshOwners.get(refresh);
    if (!"refresh_token".equals(form.get("grant_type")) || project == null) {
      send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
      return;
    }
    String access = "ya29.stub-" + issued.incrementAndGet();
    if (project.isEmpty()) {
      tierOnly.add(access);
    } else if (project.startsWith("onboard:")) {
      onboards(access, project.substring("onboard:".length()), 1);
    } else {
      projects.put(access, project);
    }
    // Google keeps the refresh token: a refresh answer carries none; a code exchange does.
    send(
        exchange,
        200,
        "{\"access_token\":\""
            + access
            + (refresh.startsWith("1//login-") && !refreshIssued.contains(refresh)
                ? "\",\"refresh_token\":\"" + markIssued(refresh)
                : "")
            + "\",\"expires_in\":3599,\"scope\":\"https://www.googleapis.com/auth/cloud-platform\",\"token_type\":\"Bearer\"}");
  }

  private void aiStudio(HttpExchange exchange, Seen r, String model, String method)
      throws IOException {
    String key = r.header("x-goog-api-key");
    if (key.isEmpty() && r.header("authorization").startsWith("Bearer ")) {
      send(
          exchange,
          401,
          error(
              401,
              "UNAUTHENTICATED",
              "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."));
      return;
    }
    if (key.isEmpty()) {
      send(
          exchange,
          403,
          error(
              403,
              "PERMISSION_DENIED",
              "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."));
      return;
    }
    if (!apiKeys.contains(key)) {
      send(
          exchange,
          400,
          error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
      return;
    }
    JsonNode body = object(r.body());
    if (body == null || !isArray(body.get("contents"))) {
      send(
          exchange,
          400,
          error(400, "INVALID_ARGUMENT", "Invalid JSON payload: contents is required."));
      return;
    }
    if (!MODELS.contains(model)) {
      send(
          exchange,
          404,
          error(
              404,
              "NOT_FOUND",
              "models/"
                  + model
                  + " is not found for API version v1beta, or is not supported for "
                  + method
                  + "."));
      return;
    }
    if (faulted(exchange, key)) {
      return;
    }
    answer(exchange, method, r, false);
  }

  private void codeAssist(HttpExchange exchange, Seen r, String host, String method)
      throws IOException {
    String bearer = r.header("authorization");
    String token = bearer.startsWith("Bearer ") ? bearer.substring(7) : "";
    boolean known =
        projects.containsKey(token) || onboarding.containsKey(token) || tierOnly.contains(token);
    if (!known) {
      send(
          exchange,
          401,
          error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."));
      return;
    }
    switch (method) {
      case "loadCodeAssist":
        loadCodeAssist(exchange, token);
        return;
      case "onboardUser":
        onboardUser(exchange, token);
        return;
      case "generateContent":
      case "streamGenerateContent":
      case "countTokens":
        break;
      default:
        send(exchange, 404, error(404, "NOT_FOUND", "Method not found."));
        return;
    }
    JsonNode body = object(r.body());
    JsonNode request = body == null ? null : body.get("request");
    if (body == null
        || request == null
        || !request.isObject()
        || !isArray(request.get("contents"))) {
      send(
          exchange,
          400,
          error(
              400,
              "INVALID_ARGUMENT",
              "Invalid JSON payload received. Unknown name or missing \"request\"."));
      return;
    }
    if (method.equals("countTokens")) {
      send(exchange, 200, "{\"totalTokens\":" + PROMPT_TOKENS + "}");
      return;
    }
    String project = text(body, "project");
    if (project.isEmpty() || text(body, "model").isEmpty()) {
      send(
          exchange,
          400,
          error(
              400,
              "INVALID_ARGUMENT",
              "Request contains an invalid argument: model and project are required."));
      return;
    }
    if (!project.equals(projects.get(token))) {
      send(
          exchange,
          403,
          error(
              403, "PERMISSION_DENIED", "Permission denied on resource project " + project + "."));
      return;
    }
    if (!host.isEmpty()) {
      if (!r.header("user-agent").startsWith("antigravity/")
          || !"antigravity".equals(text(body, "userAgent"))
          || text(body, "requestId").isEmpty()
          || text(body, "requestType").isEmpty()) {
        send(
            exchange, 400, error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
        return;
      }
    }
    if (faulted(exchange, token)) {
      return;
    }
    answer(exchange, method, r, true);
  }

  private void loadCodeAssist(HttpExchange exchange, String token) throws IOException {
    String project = projects.get(token);
    if (project != null) {
      send(
          exchange,
          200,
          "{\"currentTier\":{\"id\":\"standard-tier\"},\"cloudaicompanionProject\":\""
              + project
              + "\"}");
    } else if (tierOnly.contains(token)) {
      send(exchange, 200, "{\"currentTier\":{\"id\":\"standard-tier\"}}");
    } else {
      send(
          exchange,
          200,
          "{\"allowedTiers\":[{\"id\":\"free-tier\",\"isDefault\":true},{\"id\":\"standard-tier\"}]}");
    }
  }

  private void onboardUser(HttpExchange exchange, String token) throws IOException {
    String project = onboarding.get(token);
    if (project == null) {
      send(exchange, 400, error(400, "FAILED_PRECONDITION", "User cannot be onboarded."));
      return;
    }
    if (pollsLeft.getOrDefault(token, new AtomicInteger()).decrementAndGet() > 0) {
      send(exchange, 200, "{\"name\":\"operations/onboard\",\"done\":false}");
      return;
    }
    projects.put(token, project);
    send(
        exchange,
        200,
        "{\"name\":\"operations/onboard\",\"done\":true,\"response\":{\"cloudaicompanionProject\":{\"id\":\""
            + project
            + "\"}}}");
  }

  private boolean faulted(HttpExchange exchange, String credential) throws IOException {
    Fault fault = faults.get(credential);
    if (fault != null && fault.left().getAndDecrement() > 0) {
      send(exchange, fault.status(), fault.body());
      return true;
    }
    return false;
  }

  private void answer(HttpExchange exchange, String method, Seen r, boolean wrapped)
      throws IOException {
    String query = r.query();
    StubToolTurn turn = toolTurn;
    List<String> chunks =
        turn != null && !turn.answeredIn(r.body())
            ? List.of(turn.geminiChunk(PROMPT_TOKENS))
            : List.of(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\"}]}}],\"modelVersion\":\"stub\"}",
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\" world\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":"
                    + PROMPT_TOKENS
                    + ",\"candidatesTokenCount\":"
                    + OUTPUT_TOKENS
                    + ",\"totalTokenCount\":"
                    + (PROMPT_TOKENS + OUTPUT_TOKENS)
                    + "},\"modelVersion\":\"stub\"}");
    if (method.equals("countTokens")) {
      send(exchange, 200, "{\"totalTokens\":" + PROMPT_TOKENS + "}");
      return;
    }
    if (method.equals("generateContent")) {
      String whole =
          turn != null && !turn.answeredIn(r.body())
              ? turn.geminiChunk(PROMPT_TOKENS)
              : "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello world\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":"
                  + PROMPT_TOKENS
                  + ",\"candidatesTokenCount\":"
                  + OUTPUT_TOKENS
                  + "},\"modelVersion\":\"stub\"}";
      send(exchange, 200, wrapped ? "{\"response\":" + whole + ",\"traceId\":\"t1\"}" : whole);
      return;
    }
    if (!query.contains("alt=sse")) {
      // Without alt=sse Google streams one JSON array.
      send(exchange, 200, "[" + String.join(",", chunks) + "]");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (String chunk : chunks) {
        String data = wrapped ? "{\"response\":" + chunk + ",\"traceId\":\"t1\"}" : chunk;
        out.write(("data: " + data + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  /** Google's error body. */
  public static String error(int code, String status, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\",\"status\":\""
        + status
        + "\"}}";
  }

  /** A 429 for a per-model quota, with when to retry. */
  public static String modelQuotaExhausted(String model, String retryDelay) {
    return "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
        + "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_requests\",\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel\",\"quotaDimensions\":{\"model\":\""
        + model
        + "\",\"location\":\"global\"}}]},"
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\""
        + retryDelay
        + "\"}]}}";
  }

  /** A 429 for a model out of capacity for everyone (Code Assist's shared pool). */
  public static String capacityExhausted(String model) {
    return "{\"error\":{\"code\":429,\"message\":\"No capacity available for model "
        + model
        + " on the server\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"MODEL_CAPACITY_EXHAUSTED\","
        + "\"domain\":\"cloudcode-pa.googleapis.com\",\"metadata\":{\"model\":\""
        + model
        + "\"}}]}}";
  }

  private static String statusName(int status) {
    switch (status) {
      case 429:
        return "RESOURCE_EXHAUSTED";
      case 503:
        return "UNAVAILABLE";
      case 404:
        return "NOT_FOUND";
      default:
        return "INTERNAL";
    }
  }

  private static @Nullable JsonNode object(String body) {
    try {
      JsonNode node = JSON.readValue(body, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isArray(@Nullable JsonNode node) {
    return node != null && node.isArray();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.getStringValue() : "";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    StubTokenServer.send(exchange, status, body);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
