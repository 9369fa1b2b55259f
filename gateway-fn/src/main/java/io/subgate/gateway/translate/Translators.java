package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.CodeAssistEnvelope;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The translator between a client protocol and the protocol an upstream API speaks. Identity when
 * they are the same; Code Assist's {@code {"response": …}} wrapper removed for a Gemini-native
 * client; an empty answer where no conversion exists, and the dialect then cannot serve that
 * client; a Chat Completions client over Anthropic Messages ({@link ChatOverMessages}) and the
 * reverse ({@link MessagesOverChat}); Chat Completions and Messages clients over Gemini ({@link
 * ChatOverGemini}, {@link MessagesOverGemini}); a Responses client over Anthropic Messages ({@link
 * ResponsesOverMessages}); Chat Completions and Messages clients over Code Assist, the Gemini
 * conversion inside its envelope, and a Responses client over Gemini and Code Assist through
 * Messages ({@link Chained}); a Gemini client over Anthropic Messages ({@link GeminiOverMessages})
 * and, through Messages, over OpenAI Chat. Further conversions (Chat ⇄ Responses, Anthropic ⇄
 * Gemini) are added here as classes of their own; {@code Proxy} and {@code Failover} do not change.
 */
public final class Translators {
  private Translators() {}

  /** The conversions, each as (client protocol, upstream protocol) → a new one-answer instance. */
  private static final Map<List<InboundProtocol>, BiFunction<JsonMapper, Clock, Translator>>
      CONVERSIONS =
          Map.ofEntries(
              conversion(OpenAiChat.INSTANCE, AnthropicMessages.INSTANCE, ChatOverMessages::new),
              conversion(
                  AnthropicMessages.INSTANCE,
                  OpenAiChat.INSTANCE,
                  (json, clock) -> new MessagesOverChat(json)),
              conversion(OpenAiChat.INSTANCE, GeminiNative.INSTANCE, ChatOverGemini::new),
              conversion(
                  AnthropicMessages.INSTANCE,
                  GeminiNative.INSTANCE,
                  (json, clock) -> new MessagesOverGemini(json)),
              conversion(
                  GeminiNative.INSTANCE,
                  AnthropicMessages.INSTANCE,
                  (json, clock) -> new GeminiOverMessages(json)),
              conversion(
                  GeminiNative.INSTANCE,
                  OpenAiChat.INSTANCE,
                  (json, clock) ->
                      new Chained(new GeminiOverMessages(json), new MessagesOverChat(json))),
              conversion(
                  OpenAiResponses.INSTANCE, AnthropicMessages.INSTANCE, ResponsesOverMessages::new),
              conversion(
                  GeminiNative.INSTANCE,
                  CodeAssistEnvelope.INSTANCE,
                  (json, clock) -> new CodeAssistUnwrap(json)),
              conversion(
                  OpenAiChat.INSTANCE,
                  CodeAssistEnvelope.INSTANCE,
                  (json, clock) ->
                      new Chained(new ChatOverGemini(json, clock), new CodeAssistUnwrap(json))),
              conversion(
                  AnthropicMessages.INSTANCE,
                  CodeAssistEnvelope.INSTANCE,
                  (json, clock) ->
                      new Chained(new MessagesOverGemini(json), new CodeAssistUnwrap(json))),
              conversion(
                  OpenAiResponses.INSTANCE,
                  GeminiNative.INSTANCE,
                  (json, clock) ->
                      new Chained(
                          new ResponsesOverMessages(json, clock), new MessagesOverGemini(json))),
              conversion(
                  OpenAiResponses.INSTANCE,
                  CodeAssistEnvelope.INSTANCE,
                  (json, clock) ->
                      new Chained(
                          new ResponsesOverMessages(json, clock),
                          new Chained(new MessagesOverGemini(json), new CodeAssistUnwrap(json)))));

  private static Map.Entry<List<InboundProtocol>, BiFunction<JsonMapper, Clock, Translator>>
      conversion(
          InboundProtocol client,
          InboundProtocol upstream,
          BiFunction<JsonMapper, Clock, Translator> make) {
    return Map.entry(List.of(client, upstream), make);
  }

  /** Whether a translator from {@code upstream}'s answers to {@code client}'s protocol exists. */
  public static boolean exists(InboundProtocol client, InboundProtocol upstream) {
    return client.equals(upstream) || CONVERSIONS.containsKey(List.of(client, upstream));
  }

  public static Optional<Translator> between(
      InboundProtocol client, InboundProtocol upstream, JsonMapper json, Clock clock) {
    if (client.equals(upstream)) {
      return Optional.of(Translator.IDENTITY);
    }
    BiFunction<JsonMapper, Clock, Translator> conversion =
        CONVERSIONS.get(List.of(client, upstream));
    return conversion == null ? Optional.empty() : Optional.of(conversion.apply(json, clock));
  }
}
