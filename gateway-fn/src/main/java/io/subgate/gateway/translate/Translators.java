package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.CodeAssistEnvelope;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;
import java.time.Clock;
import java.util.Optional;

/**
 * The translator between a client protocol and the protocol an upstream API speaks. Identity when
 * they are the same; Code Assist's {@code {"response": …}} wrapper removed for a Gemini-native
 * client; an empty answer where no conversion exists, and the dialect then cannot serve that
 * client; a Chat Completions client over Anthropic Messages ({@link ChatOverMessages}) and the
 * reverse ({@link MessagesOverChat}); Chat Completions and Messages clients over Gemini ({@link
 * ChatOverGemini}, {@link MessagesOverGemini}); a Responses client over Anthropic Messages ({@link
 * ResponsesOverMessages}). Further conversions (Chat ⇄ Responses, Anthropic ⇄ Gemini) are added
 * here as classes of their own; {@code Proxy} and {@code Failover} do not change.
 */
public final class Translators {
  private Translators() {}

  public static Optional<Translator> between(
      InboundProtocol client, InboundProtocol upstream, JsonMapper json, Clock clock) {
    if (client.equals(upstream)) {
      return Optional.of(Translator.IDENTITY);
    }
    if (client == OpenAiChat.INSTANCE && upstream == AnthropicMessages.INSTANCE) {
      return Optional.of(new ChatOverMessages(json, clock));
    }
    if (client == AnthropicMessages.INSTANCE && upstream == OpenAiChat.INSTANCE) {
      return Optional.of(new MessagesOverChat(json));
    }
    if (client == OpenAiChat.INSTANCE && upstream == GeminiNative.INSTANCE) {
      return Optional.of(new ChatOverGemini(json, clock));
    }
    if (client == AnthropicMessages.INSTANCE && upstream == GeminiNative.INSTANCE) {
      return Optional.of(new MessagesOverGemini(json));
    }
    if (client == OpenAiResponses.INSTANCE && upstream == AnthropicMessages.INSTANCE) {
      return Optional.of(new ResponsesOverMessages(json, clock));
    }
    if (client == GeminiNative.INSTANCE && upstream == CodeAssistEnvelope.INSTANCE) {
      return Optional.of(new CodeAssistUnwrap(json));
    }
    return Optional.empty();
  }
}
