package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.OAuthCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.JsonTrees;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the Google dialects share (AI Studio keys, Code Assist, Antigravity): Gemini's stream
 * events, the client's own {@code User-Agent} and {@code x-goog-api-client} passed through, and the
 * reading of Google's errors ({@link GoogleErrors}): a rate limit lifted within 7 s is waited out
 * on the same account once, a model out of capacity for everyone is retried there every second
 * (never parking the account), a quota 429 that is the model's own parks the account for that model
 * only, a daily quota until the next quota day, a 403 or 404 naming the model or the request is
 * read by its scope like every dialect's ({@link RefusalScope}), and only a 403 saying the
 * account's project lost access puts the account in error state with Google's reason.
 */
abstract class GoogleDialect extends HttpDialect {
  static final List<String> CLIENT_HEADERS =
      List.of(
          "user-agent",
          "x-goog-api-client",
          "accept-language",
          // The Gemini CLI's installation id, sent in API-key mode.
          "x-gemini-api-privileged-user-id");
  private static final int MAX_REASON = 300;

  /** A rate limit Google lifts sooner than this is waited out on the same account, once. */
  private static final Duration SHORT_DELAY = Duration.ofSeconds(7);

  GoogleDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public UpstreamEvents events(Route route) {
    return new GeminiEvents(json);
  }

  @Override
  public Optional<UpstreamFailure> judge(UpstreamAnswer answer, byte[] body) {
    int status = answer.status();
    RefusalScope scope = refusal(status, body);
    if (scope != null && scope.answersClient()) {
      return Optional.empty();
    }
    if (scope == RefusalScope.MODEL) {
      return Optional.of(modelRefused(status, body));
    }
    Optional<UpstreamFailure.Kind> kind = UpstreamFailure.classify(status);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    GoogleErrors google = new GoogleErrors(parse(body));
    Duration reset =
        ResetHints.latest(ResetHints.of(answer, body, clock), google.resetAfter(clock.instant()));
    UpstreamFailure failure =
        new UpstreamFailure(
            kind.get(),
            status,
            reset,
            body,
            "upstream status " + status + (google.status().isEmpty() ? "" : " " + google.status()));
    boolean busy =
        kind.get() == UpstreamFailure.Kind.RATE_LIMITED
            || kind.get() == UpstreamFailure.Kind.OVERLOADED;
    Duration delay = google.retryDelay();
    if (busy && google.capacityExhausted()) {
      return Optional.of(failure.outOfSharedCapacity(atLeastASecond(delay)));
    }
    if (kind.get() == UpstreamFailure.Kind.RATE_LIMITED
        && delay != null
        && delay.compareTo(SHORT_DELAY) < 0
        && !google.quotaExhausted()) {
      failure = failure.retryingHereAfter(atLeastASecond(delay));
    }
    if (kind.get() == UpstreamFailure.Kind.RATE_LIMITED && google.perModel()) {
      return Optional.of(failure.forModelOnly());
    }
    if (kind.get() == UpstreamFailure.Kind.FORBIDDEN && google.projectRefused()) {
      String reason = google.message();
      return Optional.of(
          failure.breakingAccount(
              "Google refused the account's project: "
                  + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)));
    }
    return Optional.of(failure);
  }

  private static Duration atLeastASecond(@Nullable Duration d) {
    return d == null || d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  /** A subscription without its project cannot be used (the next refresh looks it up). */
  @Override
  public Optional<String> unusable(Account account) {
    return account.credentials() instanceof OAuthCredentials && projectOf(account) == null
        ? Optional.of(
            "it has no project yet (credentials.project_id; the next refresh looks it up)")
        : Optional.empty();
  }

  /** The headers every Google call carries, the client's own identity headers among them. */
  static Map<String, String> headers(ProxyRequest request) {
    Map<String, String> headers = allowed(request.headers(), CLIENT_HEADERS);
    headers.put("content-type", "application/json");
    return headers;
  }

  /** The {@code ?alt=sse} a streamed Google call needs; empty otherwise. */
  static String sse(ProxyRequest request) {
    return request.stream() ? "?alt=sse" : "";
  }

  static @Nullable String projectOf(Account account) {
    return account.credentials() instanceof OAuthCredentials oauth
            && oauth.projectId() != null
            && !String.valueOf(oauth.projectId()).isBlank()
        ? oauth.projectId()
        : null;
  }

  /**
   * The client's {@code v1internal} envelope with the account's project in place of the client's:
   * the project is the account's, like Codex's account id. Token counting carries none.
   */
  byte[] withProject(ProxyRequest request, String project) {
    if (!request.route().generates()) {
      return request.body();
    }
    return write(
        JsonTrees.withField(request.json(), "project", JsonNode.createStringNode(project)));
  }

  /** A Gemini-native request wrapped for Code Assist ({@code {model, project, request}}). */
  byte[] envelope(ProxyRequest request, String project) {
    if (!request.route().generates()) {
      JsonNode contents = request.json().get("contents");
      JsonNode wrapped = request.json().get("generateContentRequest");
      if (contents == null && wrapped != null) {
        contents = wrapped.get("contents");
      }
      Map<String, JsonNode> inner = new LinkedHashMap<>();
      inner.put("model", JsonNode.createStringNode("models/" + request.model()));
      inner.put("contents", contents == null ? JsonNode.createArrayNode(List.of()) : contents);
      return write(JsonNode.createObjectNode(Map.of("request", JsonNode.createObjectNode(inner))));
    }
    byte[] head =
        ("{\"model\":"
                + new String(write(request.model()), StandardCharsets.UTF_8)
                + ",\"project\":"
                + new String(write(project), StandardCharsets.UTF_8)
                + ",\"request\":")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = request.body();
    byte[] out = new byte[head.length + body.length + 1];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    out[out.length - 1] = '}';
    return out;
  }
}
