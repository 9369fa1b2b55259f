package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;

/** OpenAI Chat Completions ({@code /v1/chat/completions}); a stream error is an error chunk. */
public final class OpenAiChat extends OpenAiProtocol {
  public static final OpenAiChat INSTANCE = new OpenAiChat();

  private OpenAiChat() {}

  @Override
  public String name() {
    return "openai-chat";
  }

  @Override
  public byte[] streamError(JsonMapper json, int status, String message) {
    return frame("", errorBody(json, status, message));
  }
}
