package io.subgate.gateway.proxy;

import io.subgate.account.Platform;
import java.util.List;

/** The models listed for an account that is not limited to some models. */
public final class ModelCatalog {
  private ModelCatalog() {}

  public static List<String> of(Platform platform) {
    switch (platform) {
      case ANTHROPIC:
        return List.of(
            "claude-opus-4-1-20250805",
            "claude-opus-4-20250514",
            "claude-sonnet-4-5-20250929",
            "claude-sonnet-4-20250514",
            "claude-haiku-4-5-20251001",
            "claude-3-5-haiku-20241022");
      case OPENAI:
        return List.of("gpt-5", "gpt-5-codex", "gpt-5-mini", "codex-mini-latest");
      case GEMINI:
        return List.of(
            "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview");
      case ANTIGRAVITY:
        return List.of(
            "gemini-2.5-flash",
            "gemini-3-flash",
            "gemini-3.1-pro-low",
            "claude-sonnet-4-6",
            "claude-opus-4-6-thinking");
    }
    return List.of();
  }
}
