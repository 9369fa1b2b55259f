package io.subgate.gateway.client;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Platform;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.proxy.Proxy;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Google's routes (sub2api §1.1): Gemini's public API, {@code POST /v1beta/models/{model}:{method}}
 * (the model and method share one path segment), and the Code Assist envelope of the Gemini CLI and
 * Antigravity, {@code POST /v1internal:{method}}. The CLI's start-up and housekeeping calls ({@code
 * loadCodeAssist}, {@code onboardUser}, {@code listExperiments}, {@code retrieveUserQuota}, {@code
 * fetchAdminControls}, {@code recordCodeAssistMetrics}) are answered here for the pool: the project
 * they name stands for whichever account serves, whose own project replaces it upstream.
 */
@Controller
public class GeminiController {
  /** The project the CLI is told it has; each account's own replaces it upstream. */
  static final String POOL_PROJECT = "subgate-pool";

  private static final Map<String, Route> METHODS =
      Map.of(
          "generateContent", Route.GEMINI_GENERATE,
          "streamGenerateContent", Route.GEMINI_STREAM,
          "countTokens", Route.GEMINI_COUNT_TOKENS);

  private final Proxy proxy;
  private final ClientAuth clients;
  private final CandidateCache candidates;
  private final JsonMapper json;

  public GeminiController(
      Proxy proxy, ClientAuth clients, CandidateCache candidates, JsonMapper json) {
    this.proxy = proxy;
    this.clients = clients;
    this.candidates = candidates;
    this.json = json;
  }

  @Post(uri = "/v1beta/models/{modelMethod}", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> generate(
      HttpRequest<?> request, @PathVariable String modelMethod, @Body byte @Nullable [] body) {
    return gemini(request, modelMethod, body);
  }

  /** Gemini's stable version, where Google's SDKs go by default: the same methods as v1beta. */
  @Post(uri = "/v1/models/{modelMethod}", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> generateV1(
      HttpRequest<?> request, @PathVariable String modelMethod, @Body byte @Nullable [] body) {
    return gemini(request, modelMethod, body);
  }

  private CompletableFuture<MutableHttpResponse<?>> gemini(
      HttpRequest<?> request, String modelMethod, byte @Nullable [] body) {
    int colon = modelMethod.lastIndexOf(':');
    Route route = colon < 0 ? null : METHODS.get(modelMethod.substring(colon + 1));
    if (route == null) {
      String method = colon < 0 ? "" : modelMethod.substring(colon + 1);
      return CompletableFuture.completedFuture(
          error(
              404,
              method.isEmpty()
                  ? "the path must be /v1beta/models/{model}:{method}"
                  : "Unsupported action: " + method));
    }
    return proxy.handle(
        route,
        modelMethod.substring(0, colon),
        request.getHeaders(),
        request.getUri().getRawQuery(),
        body);
  }

  @Post(uri = "/v1internal:generateContent", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> codeAssistGenerate(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return relay(Route.CODE_ASSIST_GENERATE, request, body);
  }

  @Post(
      uri = "/v1internal:streamGenerateContent",
      consumes = MediaType.ALL,
      produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> codeAssistStream(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return relay(Route.CODE_ASSIST_STREAM, request, body);
  }

  @Post(uri = "/v1internal:countTokens", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> codeAssistCountTokens(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return relay(Route.CODE_ASSIST_COUNT_TOKENS, request, body);
  }

  @Post(uri = "/v1internal:loadCodeAssist", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> loadCodeAssist(HttpRequest<?> request) {
    return forPool(
        request,
        Map.of(
            "currentTier", Map.of("id", "standard-tier", "name", "Subgate pool"),
            "allowedTiers", List.of(Map.of("id", "standard-tier", "isDefault", true)),
            "cloudaicompanionProject", POOL_PROJECT));
  }

  @Post(uri = "/v1internal:onboardUser", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> onboardUser(HttpRequest<?> request) {
    return forPool(
        request,
        Map.of(
            "done",
            true,
            "response",
            Map.of("cloudaicompanionProject", Map.of("id", POOL_PROJECT, "name", POOL_PROJECT))));
  }

  /**
   * The CLI's housekeeping calls (Gemini CLI 0.61: experiments, quota, admin controls, metrics),
   * answered for the pool with what leaves the CLI on its defaults: no experiment flags, no quota
   * buckets (the pool's windows are the gateway's to manage), no admin controls, metrics dropped.
   * Without answers the CLI stops at start-up.
   */
  @Post(uri = "/v1internal:listExperiments", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> listExperiments(HttpRequest<?> request) {
    return forPool(request, Map.of("experimentIds", List.of(), "flags", List.of()));
  }

  @Post(uri = "/v1internal:retrieveUserQuota", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> retrieveUserQuota(HttpRequest<?> request) {
    return forPool(request, Map.of("buckets", List.of()));
  }

  @Post(uri = "/v1internal:fetchAdminControls", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> fetchAdminControls(HttpRequest<?> request) {
    return forPool(request, Map.of("adminControlsApplicable", false));
  }

  @Post(
      uri = "/v1internal:recordCodeAssistMetrics",
      consumes = MediaType.ALL,
      produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> recordCodeAssistMetrics(HttpRequest<?> request) {
    return forPool(request, Map.of());
  }

  private CompletableFuture<MutableHttpResponse<?>> relay(
      Route route, HttpRequest<?> request, byte @Nullable [] body) {
    return proxy.handle(route, request.getHeaders(), request.getUri().getRawQuery(), body);
  }

  /** A start-up answer for a key whose group pools Code Assist or Antigravity accounts. */
  private MutableHttpResponse<byte[]> forPool(HttpRequest<?> request, Map<String, Object> answer) {
    Principal principal;
    try {
      principal = clients.require(ClientProtocol.GOOGLE, request);
    } catch (GatewayException e) {
      return clients.error(ClientProtocol.GOOGLE, e);
    }
    boolean pools =
        candidates
            .of(principal.groupId())
            .map(c -> c.group().serves(Platform.GEMINI) || c.group().serves(Platform.ANTIGRAVITY))
            .orElse(false);
    if (!pools) {
      return error(
          400, "this API key's group does not pool Code Assist accounts (gemini or antigravity)");
    }
    try {
      return HttpResponse.<byte[]>ok(json.writeValueAsBytes(answer))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MutableHttpResponse<byte[]> error(int status, String message) {
    return clients.error(ClientProtocol.GOOGLE, status, message);
  }
}
