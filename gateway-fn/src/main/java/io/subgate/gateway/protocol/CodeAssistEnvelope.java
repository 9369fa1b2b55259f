package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Code Assist's {@code v1internal} envelope, spoken by the Gemini CLI and the Antigravity client
 * (upstream-dialects §3.2, §4.3): {@code {model, project, request: <GenerateContentRequest>, …}};
 * token counting sends {@code {request: {model: "models/…", contents}}}. Answers wrap each response
 * as {@code {"response": …}}. The client is recognised from what it sends itself: the Gemini CLI by
 * its {@code GeminiCLI/x.y.z} or {@code GeminiCLI-<surface>/x.y.z} user agent, Antigravity by its
 * {@code antigravity/…} user agent together with {@code "userAgent": "antigravity"} in its
 * envelope.
 */
public final class CodeAssistEnvelope extends GoogleProtocol {
  public static final CodeAssistEnvelope INSTANCE = new CodeAssistEnvelope();

  /** {@code GeminiCLI/0.55.1/…}, and since 0.6x the surface too: {@code GeminiCLI-tui/0.61.0/…}. */
  private static final Pattern GEMINI_CLI =
      Pattern.compile("GeminiCLI(-[A-Za-z0-9]+)?/\\d+\\.\\d+\\.\\d+");

  private CodeAssistEnvelope() {}

  @Override
  public String name() {
    return "code-assist";
  }

  @Override
  public String model(Route route, @Nullable String pathModel, JsonNode body) {
    JsonNode request = body.get("request");
    if (request == null || !request.isObject()) {
      throw invalid("request: is required and must be an object (the v1internal envelope)");
    }
    requireContents(request, "request.");
    JsonNode model = body.get("model");
    if (model == null && !route.generates()) {
      model = request.get("model");
    }
    if (model == null || !model.isString() || model.getStringValue().isBlank()) {
      throw invalid("model: is required");
    }
    String name = model.getStringValue();
    return name.startsWith("models/") ? name.substring("models/".length()) : name;
  }

  @Override
  public Optional<String> sessionSeed(JsonNode body, Map<String, String> headers, JsonMapper json) {
    JsonNode request = body.get("request");
    return request == null ? Optional.empty() : seedOf(request);
  }

  @Override
  public ClientIdentity identify(
      Route route, Map<String, String> headers, JsonNode body, JsonMapper json) {
    String userAgent = headers.getOrDefault("user-agent", "");
    if (GEMINI_CLI.matcher(userAgent).lookingAt()) {
      return ClientIdentity.GEMINI_CLI;
    }
    JsonNode declared = body.get("userAgent");
    boolean antigravity =
        userAgent.startsWith("antigravity/")
            && (!route.generates()
                || (declared != null
                    && declared.isString()
                    && declared.getStringValue().equals("antigravity")));
    return antigravity ? ClientIdentity.ANTIGRAVITY : ClientIdentity.OTHER;
  }
}
