package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's public API ({@code /v1beta/models/{model}:generateContent}, {@code
 * :streamGenerateContent}, {@code :countTokens}): model and stream flag from the path, the body a
 * {@code GenerateContentRequest} (countTokens: {@code contents} or a {@code
 * generateContentRequest}). Any client may speak it; its requests carry no client identity that a
 * subscription checks.
 */
public final class GeminiNative extends GoogleProtocol {
  public static final GeminiNative INSTANCE = new GeminiNative();
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

  private GeminiNative() {}

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public String model(Route route, @Nullable String pathModel, JsonNode body) {
    String model = pathModel == null ? "" : pathModel;
    if (model.startsWith("models/")) {
      model = model.substring("models/".length());
    }
    if (!MODEL.matcher(model).matches()) {
      throw invalid(
          "model: the path must name a model, as /v1beta/models/{model}:" + route.action());
    }
    JsonNode wrapped = body.get("generateContentRequest");
    requireContents(
        route.generates() || wrapped == null ? body : wrapped,
        route.generates() || wrapped == null ? "" : "generateContentRequest.");
    return model;
  }

  @Override
  public Optional<String> sessionSeed(JsonNode body, Map<String, String> headers, JsonMapper json) {
    return seedOf(body);
  }

  @Override
  public ClientIdentity identify(
      Route route, Map<String, String> headers, JsonNode body, JsonMapper json) {
    return ClientIdentity.OTHER;
  }
}
