package io.subgate.gateway.proxy;

import io.subgate.account.Platform;

/**
 * The client-facing endpoints that forward to an upstream, each with the protocol it speaks and the
 * platform that serves it. A new protocol (Gemini {@code /v1beta}, Antigravity) adds a constant
 * here and its event shapes in {@link SseEvents} and {@link StreamObserver}; the shared path in
 * {@link Proxy} stays as it is.
 */
public enum Route {
  MESSAGES("/v1/messages", ClientProtocol.ANTHROPIC, Platform.ANTHROPIC, true),
  COUNT_TOKENS("/v1/messages/count_tokens", ClientProtocol.ANTHROPIC, Platform.ANTHROPIC, false),
  CHAT_COMPLETIONS("/v1/chat/completions", ClientProtocol.OPENAI, Platform.OPENAI, true),
  RESPONSES("/v1/responses", ClientProtocol.OPENAI, Platform.OPENAI, true);

  private final String path;
  private final ClientProtocol protocol;
  private final Platform platform;
  private final boolean generates;

  Route(String path, ClientProtocol protocol, Platform platform, boolean generates) {
    this.path = path;
    this.protocol = protocol;
    this.platform = platform;
    this.generates = generates;
  }

  /** The path on the client side and, unchanged, on the upstream. */
  public String path() {
    return path;
  }

  public ClientProtocol protocol() {
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
