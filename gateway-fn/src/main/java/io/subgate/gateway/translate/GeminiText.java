package io.subgate.gateway.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The common Gemini stream chunk — one candidate whose parts are all plain text, no finish reason
 * yet — read by a streaming parser, without a tree: most chunks of an answer are these, and reading
 * them into a tree was most of a Gemini conversion's cost. Anything else (a function call, a
 * thought, the last chunk, an error, several candidates) is null, and the conversion reads the
 * chunk the general way.
 *
 * @param usage the chunk's {@code usageMetadata} figures (as an object node), null when it has none
 */
record GeminiText(String text, String responseId, @Nullable JsonNode usage) {
  private static final JsonFactory FACTORY = new JsonFactory();

  static @Nullable GeminiText of(String data) {
    try (JsonParser p = FACTORY.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String text = null;
      String responseId = "";
      JsonNode usage = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "candidates" -> {
            text = candidates(p, value);
            if (text == null) {
              return null;
            }
          }
          case "usageMetadata" -> {
            usage = usage(p, value);
            if (usage == null) {
              return null;
            }
          }
          case "responseId" -> responseId = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "modelVersion", "createTime" -> p.skipChildren();
          default -> {
            return null;
          }
        }
      }
      return text == null ? null : new GeminiText(text, responseId, usage);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The text of the one candidate's parts, or null when the candidate is not plain text. */
  private static @Nullable String candidates(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String text = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "content" -> {
          text = content(p, v);
          if (text == null) {
            return null;
          }
        }
        case "index", "safetyRatings", "citationMetadata" -> p.skipChildren();
        default -> {
          return null; // finishReason, groundingMetadata …: the general way
        }
      }
    }
    return p.nextToken() == JsonToken.END_ARRAY ? text : null;
  }

  private static @Nullable String content(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return null;
    }
    StringBuilder text = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("role")) {
        continue;
      }
      if (!name.equals("parts") || v != JsonToken.START_ARRAY) {
        return null;
      }
      text = new StringBuilder();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken f = p.nextToken();
          if (field.equals("text") && f == JsonToken.VALUE_STRING) {
            text.append(p.getText());
          } else if (field.equals("thoughtSignature")) {
            p.skipChildren();
          } else {
            return null; // a thought, a function call, inline data …
          }
        }
      }
    }
    return text == null ? null : text.toString();
  }

  private static @Nullable JsonNode usage(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return null;
    }
    Map<String, JsonNode> figures = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NUMBER_INT) {
        figures.put(name, JsonNode.createNumberNode(p.getLongValue()));
      } else {
        p.skipChildren();
      }
    }
    return JsonNode.createObjectNode(figures);
  }
}
