package io.subgate.gateway.protocol;

/**
 * The client a request came from, as recognised from what that client itself sends (its user agent,
 * its {@code metadata.user_id} format, its {@code originator}); never assumed and never written
 * onto a request. A subscription account serves only its own client.
 */
public enum ClientIdentity {
  /** Anthropic's Claude Code CLI: the client of Anthropic OAuth and setup-token accounts. */
  CLAUDE_CODE("Claude Code"),
  /** An official Codex client (CLI, IDE extension, desktop app): the client of Codex OAuth. */
  CODEX("a Codex client"),
  /**
   * Google's Gemini CLI in Code Assist mode ({@code v1internal}): the client of Code Assist OAuth.
   */
  GEMINI_CLI("the Gemini CLI"),
  /** Google's Antigravity IDE: the client of Antigravity OAuth. */
  ANTIGRAVITY("the Antigravity client"),
  /** Any other client: served by API-key accounts only. */
  OTHER("any client");

  private final String description;

  ClientIdentity(String description) {
    this.description = description;
  }

  /** How error messages name the client. */
  public String description() {
    return description;
  }
}
