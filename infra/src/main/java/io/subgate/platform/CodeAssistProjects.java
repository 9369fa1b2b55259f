package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.OAuthHttp;
import io.subgate.support.Sleeper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Google Cloud project a Code Assist account (Gemini, Antigravity) works in
 * (upstream-dialects §3.4): {@code loadCodeAssist}; when it names no project and the user has no
 * tier yet, {@code onboardUser} with the tier it offers, polled until the operation is done. Bases
 * are tried in order, the next one on a lost connection, 404, 408, 429 or 5xx. The calls identify
 * no IDE ({@code IDE_UNSPECIFIED}): they are the gateway's own, not a client's.
 */
@Singleton
public final class CodeAssistProjects {
  static final String METADATA =
      "{\"ideType\":\"IDE_UNSPECIFIED\",\"platform\":\"PLATFORM_UNSPECIFIED\","
          + "\"pluginType\":\"GEMINI\"}";
  static final int ONBOARD_POLLS = 5;
  static final Duration ONBOARD_INTERVAL = Duration.ofSeconds(2);

  private final OAuthHttp http;
  private final JsonMapper json;
  private final Sleeper sleeper;

  public CodeAssistProjects(OAuthHttp http, JsonMapper json, Sleeper sleeper) {
    this.http = http;
    this.json = json;
    this.sleeper = sleeper;
  }

  /** Why no project was found; {@code retryable} when trying later may help (transport, 5xx). */
  public static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    NotFound(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  /**
   * The project of the account whose token is {@code accessToken}.
   *
   * @throws NotFound when there is none (the message says what to do) or the service did not answer
   */
  public String discover(String accessToken, List<String> bases, Duration timeout)
      throws NotFound, InterruptedException {
    return discover(accessToken, bases, timeout, null);
  }

  /** {@link #discover(String, List, Duration)} through {@code via} (null: direct). */
  public String discover(
      String accessToken, List<String> bases, Duration timeout, @Nullable EgressProxy via)
      throws NotFound, InterruptedException {
    Call call = (method, body) -> call(bases, method, body, accessToken, timeout, via);
    JsonNode loaded = call.of("loadCodeAssist", "{\"metadata\":" + METADATA + "}");
    String project = projectOf(loaded.get("cloudaicompanionProject"));
    if (project != null) {
      return project;
    }
    if (idOf(loaded.get("currentTier")) != null) {
      throw new NotFound(
          "Code Assist knows this user's tier but names no project; set credentials.project_id",
          false);
    }
    String body = "{\"tierId\":\"" + tierOf(loaded) + "\",\"metadata\":" + METADATA + "}";
    for (int poll = 1; poll <= ONBOARD_POLLS; poll++) {
      JsonNode op = call.of("onboardUser", body);
      JsonNode done = op.get("done");
      if (done != null && done.isBoolean() && done.getBooleanValue()) {
        JsonNode response = op.get("response");
        String onboarded =
            response == null ? null : projectOf(response.get("cloudaicompanionProject"));
        if (onboarded != null) {
          return onboarded;
        }
        throw new NotFound(
            "onboardUser finished without a project; set credentials.project_id", false);
      }
      if (poll < ONBOARD_POLLS) {
        sleeper.sleep(ONBOARD_INTERVAL);
      }
    }
    throw new NotFound("onboardUser did not finish after " + ONBOARD_POLLS + " polls", true);
  }

  /** The tier to onboard: the paid tier, the current one, the default allowed one, the first. */
  private static String tierOf(JsonNode loaded) {
    for (String field : new String[] {"paidTier", "currentTier"}) {
      String id = idOf(loaded.get(field));
      if (id != null) {
        return id;
      }
    }
    JsonNode allowed = loaded.get("allowedTiers");
    if (allowed != null && allowed.isArray() && allowed.size() > 0) {
      for (JsonNode tier : allowed.values()) {
        JsonNode isDefault = tier.get("isDefault");
        String id = idOf(tier);
        if (id != null
            && isDefault != null
            && isDefault.isBoolean()
            && isDefault.getBooleanValue()) {
          return id;
        }
      }
      String first = idOf(allowed.get(0));
      if (first != null) {
        return first;
      }
    }
    return "legacy-tier";
  }

  /** One Code Assist method called with the discovery's token, bases, timeout and route. */
  private interface Call {
    JsonNode of(String method, String body) throws NotFound, InterruptedException;
  }

  private JsonNode call(
      List<String> bases,
      String method,
      String body,
      String accessToken,
      Duration timeout,
      @Nullable EgressProxy via)
      throws NotFound, InterruptedException {
    String last = "no base URL";
    for (String base : bases) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/v1internal:" + method))
              .timeout(timeout)
              .header("Authorization", "Bearer " + accessToken)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, via);
      } catch (IOException e) {
        last = method + " did not answer (" + e.getClass().getSimpleName() + ")";
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        JsonNode node = readObject(response.body());
        if (node == null) {
          throw new NotFound(method + " answered 200 without a JSON object", true);
        }
        return node;
      }
      last = method + " answered " + status;
      if (!(status == 404 || status == 408 || status == 429 || status >= 500)) {
        throw new NotFound(last + googleStatus(response.body()), false);
      }
    }
    throw new NotFound(last, true);
  }

  private String googleStatus(String body) {
    JsonNode node = readObject(body);
    JsonNode error = node == null ? null : node.get("error");
    JsonNode status = error == null ? null : error.get("status");
    return status != null && status.isString() ? " " + status.getStringValue() : "";
  }

  private @Nullable JsonNode readObject(String body) {
    try {
      JsonNode node = json.readValue(body, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String projectOf(@Nullable JsonNode project) {
    if (project != null && project.isString() && !project.getStringValue().isBlank()) {
      return project.getStringValue();
    }
    return idOf(project);
  }

  private static @Nullable String idOf(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isString()) {
      return node.getStringValue().isBlank() ? null : node.getStringValue();
    }
    JsonNode id = node.isObject() ? node.get("id") : null;
    return id != null && id.isString() && !id.getStringValue().isBlank()
        ? id.getStringValue()
        : null;
  }
}
