package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.StubLlmUpstream.Refusal;
import io.subgate.testing.StubLlmUpstream.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the real providers refuse, for {@link StubLlmUpstream#rules}: Anthropic subscription tokens
 * outside Claude Code or without the OAuth beta, API keys without {@code anthropic-version}, and
 * the Codex backend's checks (account id, originator matching the user agent, client version,
 * streamed unstored responses, parameters it does not take). Each refusal is the provider's own
 * status and error body ({@code ProviderRulesTest} sends a deliberately wrong request for each).
 */
final class ProviderRules implements Function<Request, Optional<Refusal>> {
  static final String CLAUDE_CODE_ONLY =
      "This credential is only authorized for use with Claude Code and cannot be used for other"
          + " API requests.";
  static final String OAUTH_NOT_SUPPORTED = "OAuth authentication is currently not supported.";
  private static final Pattern CLAUDE_CLI = Pattern.compile("^claude-cli/\\d+\\.\\d+\\.\\d+");
  private static final Set<String> CODEX_ORIGINATORS =
      Set.of("codex_cli_rs", "codex-tui", "codex_vscode", "codex_exec", "codex_sdk_ts");
  private static final List<String> CODEX_UNSUPPORTED =
      List.of("max_output_tokens", "temperature", "top_p", "metadata", "user");

  /** Anthropic OAuth tokens start so; the Codex access token → the account it belongs to. */
  static final String OAUTH_TOKEN_PREFIX = "sk-ant-oat";

  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final Map<String, String> codexAccounts = new ConcurrentHashMap<>();

  /** The Codex backend accepts {@code token} only with {@code accountId}. */
  ProviderRules codexAccount(String token, String accountId) {
    codexAccounts.put(token, accountId);
    return this;
  }

  /**
   * An Anthropic-compatible relay in front of Antigravity (a sub2api-like gateway), as
   * upstream-dialects §4.9 describes it: its key as both {@code Authorization: Bearer} and {@code
   * x-api-key}, and the Anthropic version header.
   */
  static Function<Request, Optional<Refusal>> relay(String secret) {
    return r -> {
      if (!r.header("authorization").equals("Bearer " + secret)
          || !r.header("x-api-key").equals(secret)) {
        return anthropicError(401, "authentication_error", "invalid relay key");
      }
      if (r.header("anthropic-version").isEmpty()) {
        return anthropicError(
            400, "invalid_request_error", "anthropic-version: header is required");
      }
      return Optional.empty();
    };
  }

  private final Set<String> withheld = ConcurrentHashMap.newKeySet();

  /**
   * The provider refuses {@code model} to every key, as it refuses a model an organisation may not
   * use: OpenAI with {@code 403 model_not_found}, Anthropic with {@code 404 not_found_error}.
   */
  ProviderRules withhold(String model) {
    withheld.add(model);
    return this;
  }

  @Override
  public Optional<Refusal> apply(Request r) {
    Optional<Refusal> auth = authenticate(r);
    return auth.isPresent() ? auth : modelOf(r).filter(withheld::contains).map(m -> refuse(r, m));
  }

  private static Refusal refuse(Request r, String model) {
    return r.path().startsWith("/v1/messages")
        ? anthropicError(404, "not_found_error", "model: " + model).orElseThrow()
        : new Refusal(
            403,
            "{\"error\":{\"message\":\"The model `"
                + model
                + "` does not exist or you do not have access to it.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
  }

  private static boolean hasField(String body, String field) {
    try {
      JsonNode tree = JSON.readValue(body, JsonNode.class);
      return tree != null && tree.isObject() && tree.get(field) != null;
    } catch (java.io.IOException | RuntimeException e) {
      return true; // not JSON: the body's own problem, judged elsewhere
    }
  }

  private static Optional<String> modelOf(Request r) {
    if (r.body().isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode model = JSON.readValue(r.body(), JsonNode.class).get("model");
      return model != null && model.isString()
          ? Optional.of(model.getStringValue())
          : Optional.empty();
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<Refusal> authenticate(Request r) {
    if (r.path().startsWith("/v1/messages")
        || (r.path().equals("/v1/models") && !r.header("x-api-key").isEmpty())) {
      return anthropic(r);
    }
    if (r.path().equals(StubLlmUpstream.CODEX_PATH)) {
      return codex(r);
    }
    if (r.path().equals(StubLlmUpstream.ANTHROPIC_USAGE_PATH)) {
      return anthropicUsage(r);
    }
    if (r.path().equals(StubLlmUpstream.CODEX_USAGE_PATH)) {
      return codexUsage(r);
    }
    if (!r.header("authorization").startsWith("Bearer ")) {
      return openAiError(401, "invalid_request_error", "You didn't provide an API key.");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> anthropic(Request r) {
    String bearer = r.header("authorization");
    String key = r.header("x-api-key");
    if (r.header("anthropic-version").isEmpty()) {
      return anthropicError(400, "invalid_request_error", "anthropic-version: header is required");
    }
    if (r.path().equals("/v1/messages")
        && !r.body().isEmpty()
        && !hasField(r.body(), "max_tokens")) {
      return anthropicError(400, "invalid_request_error", "max_tokens: Field required");
    }
    if (!key.isEmpty()) {
      return key.startsWith(OAUTH_TOKEN_PREFIX) || !bearer.isEmpty()
          ? anthropicError(401, "authentication_error", "invalid x-api-key")
          : Optional.empty();
    }
    if (!bearer.startsWith("Bearer ")) {
      return anthropicError(401, "authentication_error", "x-api-key header is required");
    }
    if (!r.header("anthropic-beta").contains("oauth-2025-04-20")) {
      return anthropicError(401, "authentication_error", OAUTH_NOT_SUPPORTED);
    }
    if (!CLAUDE_CLI.matcher(r.header("user-agent")).find() || !r.query().contains("beta=true")) {
      return anthropicError(400, "invalid_request_error", CLAUDE_CODE_ONLY);
    }
    return Optional.empty();
  }

  /** The subscription's usage read takes its OAuth token with the OAuth beta, never a key. */
  private static Optional<Refusal> anthropicUsage(Request r) {
    String bearer = r.header("authorization");
    if (!bearer.startsWith("Bearer ")
        || bearer.startsWith("Bearer sk-ant-api")
        || !r.header("x-api-key").isEmpty()) {
      return anthropicError(401, "authentication_error", "Invalid bearer token");
    }
    if (!r.header("anthropic-beta").contains("oauth-2025-04-20")) {
      return anthropicError(401, "authentication_error", OAUTH_NOT_SUPPORTED);
    }
    return Optional.empty();
  }

  /** The plan usage read needs the token's account; a registered token must match it. */
  private Optional<Refusal> codexUsage(Request r) {
    String bearer = r.header("authorization");
    if (!bearer.startsWith("Bearer ")) {
      return detail(401, "Unauthorized");
    }
    String given = r.header("chatgpt-account-id");
    if (given.isEmpty()) {
      return detail(400, "Missing chatgpt-account-id header");
    }
    String expected = codexAccounts.get(bearer.substring(7));
    if (expected != null && !expected.equals(given)) {
      return detail(403, "The account id does not match the token");
    }
    return Optional.empty();
  }

  private Optional<Refusal> codex(Request r) {
    String bearer = r.header("authorization");
    if (!bearer.startsWith("Bearer ")) {
      return detail(401, "Unauthorized");
    }
    String expected = codexAccounts.get(bearer.substring(7));
    String given = r.header("chatgpt-account-id");
    if (given.isEmpty()) {
      return detail(400, "Missing chatgpt-account-id header");
    }
    if (expected == null || !expected.equals(given)) {
      return detail(403, "The account id does not match the token");
    }
    String originator = r.header("originator");
    String userAgent = r.header("user-agent");
    if (!CODEX_ORIGINATORS.contains(originator)
        || !userAgent.startsWith(originator + "/")
        || older(r.header("version"), "0.144.0")) {
      return detail(404, "Not Found");
    }
    JsonNode body;
    try {
      body = JSON.readValue(r.body(), JsonNode.class);
    } catch (java.io.IOException | RuntimeException e) {
      return detail(400, "Invalid JSON body");
    }
    if (body == null || !body.isObject()) {
      return detail(400, "Invalid JSON body");
    }
    JsonNode stream = body.get("stream");
    if (stream == null || !stream.isBoolean() || !stream.getBooleanValue()) {
      return detail(400, "Stream must be set to true");
    }
    JsonNode store = body.get("store");
    if (store == null || !store.isBoolean() || store.getBooleanValue()) {
      return detail(400, "Store must be set to false");
    }
    for (String field : CODEX_UNSUPPORTED) {
      if (body.get(field) != null) {
        return detail(400, "Unsupported parameter: " + field);
      }
    }
    return Optional.empty();
  }

  private static boolean older(String version, String minimum) {
    if (version.isEmpty()) {
      return true;
    }
    String[] a = version.split("\\.");
    String[] b = minimum.split("\\.");
    for (int i = 0; i < 3; i++) {
      int x = i < a.length ? parse(a[i]) : 0;
      int y = Integer.parseInt(b[i]);
      if (x != y) {
        return x < y;
      }
    }
    return false;
  }

  private static int parse(String s) {
    try {
      return Integer.parseInt(s.replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<Refusal> anthropicError(int status, String type, String message) {
    return Optional.of(
        new Refusal(
            status,
            "{\"type\":\"error\",\"error\":{\"type\":\""
                + type
                + "\",\"message\":\""
                + message
                + "\"}}"));
  }

  private static Optional<Refusal> openAiError(int status, String type, String message) {
    return Optional.of(
        new Refusal(
            status,
            "{\"error\":{\"message\":\""
                + message
                + "\",\"type\":\""
                + type
                + "\",\"code\":null}}"));
  }

  private static Optional<Refusal> detail(int status, String message) {
    return Optional.of(new Refusal(status, "{\"detail\":\"" + message + "\"}"));
  }
}
