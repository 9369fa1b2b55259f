package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.number;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.tree.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * What the conversions that answer OpenAI clients from Anthropic read alike: the usage figures as
 * they accumulate over a stream (each usage block updates the fields it names), and Anthropic's
 * error in OpenAI's shape.
 */
final class FromAnthropic {
  long input;
  long output;
  long cacheRead;
  long cacheCreation;

  void readUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    if (usage.get("input_tokens") != null) {
      input = number(usage, "input_tokens");
    }
    if (usage.get("output_tokens") != null) {
      output = number(usage, "output_tokens");
    }
    if (usage.get("cache_read_input_tokens") != null) {
      cacheRead = number(usage, "cache_read_input_tokens");
    }
    if (usage.get("cache_creation_input_tokens") != null) {
      cacheCreation = number(usage, "cache_creation_input_tokens");
    }
  }

  /** Every input token, cached or not, as OpenAI counts them. */
  long prompt() {
    return input + cacheRead + cacheCreation;
  }

  /** Anthropic's error object in OpenAI's shape (its type kept: OpenAI's own types are alike). */
  static JsonNode openAiError(@Nullable JsonNode anthropic) {
    String type = text(anthropic, "type");
    return obj()
        .put(
            "error",
            obj()
                .put("message", text(anthropic, "message"))
                .put("type", type.isEmpty() ? "api_error" : type)
                .putNull("param")
                .put("code", type.isEmpty() ? "api_error" : type)
                .node())
        .node();
  }
}
