package io.subgate.account;

import java.util.List;
import java.util.Locale;

/**
 * Which platform a model name belongs to, by the prefixes each provider names its models with. Used
 * where a group holds several platforms, so a Claude model is not sent to an OpenAI account that
 * serves "every model".
 */
public final class ModelFamilies {
  private static final List<String> ANTHROPIC = List.of("claude-");
  private static final List<String> OPENAI =
      List.of(
          "gpt-",
          "o1",
          "o3",
          "o4",
          "codex-",
          "chatgpt-",
          "computer-use-",
          "omni-",
          "text-",
          "davinci");
  private static final List<String> GEMINI = List.of("gemini-", "gemma-", "learnlm-");
  private static final List<String> ANTIGRAVITY = List.of("claude-", "gemini-", "gpt-oss-");

  private ModelFamilies() {}

  /** Whether {@code model} is named like a model of {@code platform}. */
  public static boolean of(Platform platform, String model) {
    String m = model.toLowerCase(Locale.ROOT);
    for (String prefix : prefixes(platform)) {
      if (m.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> prefixes(Platform platform) {
    switch (platform) {
      case ANTHROPIC:
        return ANTHROPIC;
      case OPENAI:
        return OPENAI;
      case GEMINI:
        return GEMINI;
      case ANTIGRAVITY:
        return ANTIGRAVITY;
    }
    return List.of();
  }
}
