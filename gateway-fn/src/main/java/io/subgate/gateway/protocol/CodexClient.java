package io.subgate.gateway.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises an official Codex client (upstream-dialects §2.2): its {@code originator} is one of
 * the official values (or starts with {@code "codex "}) and equals the product token of its own
 * {@code User-Agent} — the pair the Codex backend itself checks.
 */
final class CodexClient {
  private static final Set<String> ORIGINATORS =
      Set.of(
          "codex_cli_rs",
          "codex-tui",
          "codex_vscode",
          "codex_vscode_copilot",
          "codex_app",
          "codex_chatgpt_desktop",
          "codex_atlas",
          "codex_exec",
          "codex_sdk_ts");

  private CodexClient() {}

  static boolean recognised(Map<String, String> headers) {
    String originator = headers.getOrDefault("originator", "").trim();
    if (!official(originator)) {
      return false;
    }
    String userAgent = headers.getOrDefault("user-agent", "");
    int slash = userAgent.indexOf('/');
    return slash > 0 && userAgent.substring(0, slash).equals(originator);
  }

  static boolean official(String originator) {
    return ORIGINATORS.contains(originator)
        || originator.toLowerCase(Locale.ROOT).startsWith("codex ");
  }
}
