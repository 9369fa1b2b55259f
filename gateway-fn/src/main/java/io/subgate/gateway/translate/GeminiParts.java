package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.items;

import io.micronaut.json.tree.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reading a Gemini response for the conversions: its first candidate, its parts, its thoughts. */
final class GeminiParts {
  private GeminiParts() {}

  static @Nullable JsonNode candidate(JsonNode response) {
    List<JsonNode> candidates = items(response.get("candidates"));
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  static List<JsonNode> parts(@Nullable JsonNode candidate) {
    JsonNode content = candidate == null ? null : candidate.get("content");
    return items(content == null ? null : content.get("parts"));
  }

  /** A part of the model's thinking, which the other protocols' answers leave out. */
  static boolean thought(JsonNode part) {
    JsonNode t = part.get("thought");
    return t != null && t.isBoolean() && t.getBooleanValue();
  }
}
