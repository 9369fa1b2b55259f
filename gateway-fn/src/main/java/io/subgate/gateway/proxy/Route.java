package io.subgate.gateway.proxy;

import io.subgate.account.Platform;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;

/**
 * The client-facing endpoints that forward to an upstream, each with the client protocol it speaks
 * and the platform whose groups serve it. Which upstream API an account's request goes to is its
 * dialect's business ({@link io.subgate.gateway.dialect.DialectRegistry}); a route without a
 * dialect for one of its platform's account types stops the gateway at startup.
 */
public enum Route {
  MESSAGES("/v1/messages", AnthropicMessages.INSTANCE, Platform.ANTHROPIC, true),
  COUNT_TOKENS("/v1/messages/count_tokens", AnthropicMessages.INSTANCE, Platform.ANTHROPIC, false),
  CHAT_COMPLETIONS("/v1/chat/completions", OpenAiChat.INSTANCE, Platform.OPENAI, true),
  RESPONSES("/v1/responses", OpenAiResponses.INSTANCE, Platform.OPENAI, true);

  private final String path;
  private final InboundProtocol protocol;
  private final Platform platform;
  private final boolean generates;

  Route(String path, InboundProtocol protocol, Platform platform, boolean generates) {
    this.path = path;
    this.protocol = protocol;
    this.platform = platform;
    this.generates = generates;
  }

  /**
   * The error shape of requests to {@code path}: its route's protocol's, or Anthropic's (which the
   * admin API shares) for paths that are no route — framework errors and the Lambda handler's own.
   */
  public static ClientProtocol errorsOf(String path) {
    for (Route r : values()) {
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

  /** The path on the client side. */
  public String path() {
    return path;
  }

  public InboundProtocol protocol() {
    return protocol;
  }

  public Platform platform() {
    return platform;
  }

  /**
   * Whether the route generates output: it takes user and account slots and may stream. Token
   * counting is cheap and answered without slots, as sub2api does.
   */
  public boolean generates() {
    return generates;
  }
}
