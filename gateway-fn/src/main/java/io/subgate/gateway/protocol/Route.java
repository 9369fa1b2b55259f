package io.subgate.gateway.protocol;

import io.subgate.account.Platform;
import java.util.EnumSet;
import java.util.Set;

/**
 * The client-facing endpoints that forward to an upstream, each with the client protocol it speaks,
 * the platforms whose groups it accepts, and the upstream action it asks for. Which upstream API an
 * account's request goes to is its dialect's business ({@link
 * io.subgate.gateway.dialect.DialectRegistry}); a route without a dialect for one of its platforms'
 * account types stops the gateway at startup. Antigravity groups are accepted on the Anthropic and
 * Gemini-native routes only to be refused there with the client their accounts serve.
 */
public enum Route {
  MESSAGES(
      "/v1/messages",
      AnthropicMessages.INSTANCE,
      true,
      "",
      Platform.ANTHROPIC,
      Platform.ANTIGRAVITY,
      Platform.OPENAI,
      Platform.GEMINI),
  COUNT_TOKENS(
      "/v1/messages/count_tokens",
      AnthropicMessages.INSTANCE,
      false,
      "",
      Platform.ANTHROPIC,
      Platform.ANTIGRAVITY,
      Platform.OPENAI,
      Platform.GEMINI),
  CHAT_COMPLETIONS(
      "/v1/chat/completions",
      OpenAiChat.INSTANCE,
      true,
      "",
      Platform.OPENAI,
      Platform.ANTHROPIC,
      Platform.GEMINI),
  RESPONSES(
      "/v1/responses",
      OpenAiResponses.INSTANCE,
      true,
      "",
      Platform.OPENAI,
      Platform.ANTHROPIC,
      Platform.GEMINI),
  GEMINI_GENERATE(
      "/v1beta/models/{model}:generateContent",
      GeminiNative.INSTANCE,
      true,
      "generateContent",
      Platform.GEMINI,
      Platform.ANTIGRAVITY,
      Platform.ANTHROPIC,
      Platform.OPENAI),
  GEMINI_STREAM(
      "/v1beta/models/{model}:streamGenerateContent",
      GeminiNative.INSTANCE,
      true,
      "streamGenerateContent",
      Platform.GEMINI,
      Platform.ANTIGRAVITY,
      Platform.ANTHROPIC,
      Platform.OPENAI),
  GEMINI_COUNT_TOKENS(
      "/v1beta/models/{model}:countTokens",
      GeminiNative.INSTANCE,
      false,
      "countTokens",
      Platform.GEMINI,
      Platform.ANTIGRAVITY,
      Platform.ANTHROPIC,
      Platform.OPENAI),
  CODE_ASSIST_GENERATE(
      "/v1internal:generateContent",
      CodeAssistEnvelope.INSTANCE,
      true,
      "generateContent",
      Platform.GEMINI,
      Platform.ANTIGRAVITY),
  CODE_ASSIST_STREAM(
      "/v1internal:streamGenerateContent",
      CodeAssistEnvelope.INSTANCE,
      true,
      "streamGenerateContent",
      Platform.GEMINI,
      Platform.ANTIGRAVITY),
  CODE_ASSIST_COUNT_TOKENS(
      "/v1internal:countTokens",
      CodeAssistEnvelope.INSTANCE,
      false,
      "countTokens",
      Platform.GEMINI,
      Platform.ANTIGRAVITY);

  private final String path;
  private final InboundProtocol protocol;
  private final boolean generates;
  private final String action;
  private final Set<Platform> platforms;

  Route(
      String path,
      InboundProtocol protocol,
      boolean generates,
      String action,
      Platform first,
      Platform... more) {
    this.path = path;
    this.protocol = protocol;
    this.generates = generates;
    this.action = action;
    this.platforms = EnumSet.of(first, more);
  }

  /**
   * The error shape of requests to {@code path}: Google's below {@code /v1beta/}, {@code
   * /v1internal} and for {@code /v1/models/{model}:{method}}, else its route's protocol's, or
   * Anthropic's (which the admin API shares) for paths that are no route — framework errors and the
   * Lambda handler's own.
   */
  public static ClientProtocol errorsOf(String path) {
    if (path.startsWith("/v1beta/")
        || path.equals("/v1beta")
        || path.startsWith("/v1internal")
        || (path.startsWith("/v1/models/") && path.indexOf(':') > 0)) {
      return ClientProtocol.GOOGLE;
    }
    for (Route r : values()) {
      if (r.protocol.errors() == ClientProtocol.GOOGLE) {
        continue;
      }
      // A route's own path and what lies below it, and for a three-segment route its family
      // (/v1/chat/…), so an unknown sibling still gets the family's shape.
      int family = r.path.lastIndexOf('/');
      boolean deep = r.path.chars().filter(c -> c == '/').count() >= 3;
      if (path.equals(r.path)
          || path.startsWith(r.path + "/")
          || (deep && path.startsWith(r.path.substring(0, family + 1)))) {
        return r.protocol.errors();
      }
    }
    return ClientProtocol.ANTHROPIC;
  }

  /** The path on the client side ({@code {model}} stands for the model segment). */
  public String path() {
    return path;
  }

  public InboundProtocol protocol() {
    return protocol;
  }

  /** The platforms whose groups this route accepts. */
  public Set<Platform> platforms() {
    return platforms;
  }

  /** Whether groups of {@code platform} may call this route. */
  public boolean accepts(Platform platform) {
    return platforms.contains(platform);
  }

  /** The Google method this route asks for ({@code streamGenerateContent}), empty elsewhere. */
  public String action() {
    return action;
  }

  /**
   * Whether the route generates output: it takes user and account slots and may stream. Token
   * counting is cheap and answered without slots, as sub2api does.
   */
  public boolean generates() {
    return generates;
  }
}
