package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI Responses ({@code /v1/responses}); a stream ends in error with {@code response.failed}.
 */
public final class OpenAiResponses extends OpenAiProtocol {
  public static final OpenAiResponses INSTANCE = new OpenAiResponses();

  private OpenAiResponses() {}

  @Override
  public String name() {
    return "openai-responses";
  }

  @Override
  public byte[] streamError(JsonMapper json, int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", errors().errorType(status));
    error.put("message", message);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("status", "failed");
    response.put("error", error);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "response.failed");
    event.put("response", response);
    return frame("response.failed", write(json, event));
  }
}
