package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Code Assist answers → Gemini's public API: each JSON object (the whole body, or each event's
 * data) loses its {@code {"response": …}} wrapper (upstream-dialects §3.2). Objects without one
 * (errors, token counts) pass unchanged. A complete body that is a whole stream (a non-streamed
 * request sent as a stream, because Code Assist's non-streamed answer can come back empty) becomes
 * one response: the last chunk, with the parts of every chunk (adjacent texts joined) and the last
 * usage. Stateless.
 */
final class CodeAssistUnwrap implements Translator {
  private final JsonMapper json;

  CodeAssistUnwrap(JsonMapper json) {
    this.json = json;
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    byte[] inner = inner(event.data());
    return List.of(inner == null ? event.bytes() : JsonText.sse(null, inner));
  }

  /** {@code event} with its data unwrapped, for a conversion reading Gemini's events next. */
  SseEvent unwrapped(SseEvent event) {
    String response = JsonText.objectMember(event.data(), "response");
    return response == null ? event : new SseEvent(event.name(), response, event.raw());
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    String text = new String(upstreamBody, StandardCharsets.UTF_8);
    if (text.startsWith("data:")) {
      byte[] collected = collected(text);
      return collected == null ? upstreamBody : collected;
    }
    byte[] inner = inner(text);
    return inner == null ? upstreamBody : inner;
  }

  @Override
  public String contentType(String upstreamContentType) {
    return upstreamContentType.startsWith("text/event-stream")
        ? "application/json"
        : upstreamContentType;
  }

  /** A whole stream as one response; null when no chunk reads. */
  private byte @Nullable [] collected(String stream) {
    JsonNode last = null;
    JsonNode usage = null;
    List<JsonNode> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String line : stream.split("\\r?\\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      JsonNode chunk = unwrapped(line.substring(5).trim());
      if (chunk == null) {
        continue;
      }
      if (chunk.get("error") != null) {
        return write(chunk);
      }
      last = chunk;
      if (chunk.get("usageMetadata") != null) {
        usage = chunk.get("usageMetadata");
      }
      for (JsonNode part : partsOf(chunk)) {
        JsonNode t = part.get("text");
        if (t != null && t.isString() && part.size() == 1) {
          text.append(t.getStringValue());
        } else {
          flush(text, parts);
          parts.add(part);
        }
      }
    }
    if (last == null) {
      return null;
    }
    flush(text, parts);
    return write(merged(last, parts, usage));
  }

  private static void flush(StringBuilder text, List<JsonNode> parts) {
    if (text.length() > 0) {
      parts.add(
          JsonNode.createObjectNode(Map.of("text", JsonNode.createStringNode(text.toString()))));
      text.setLength(0);
    }
  }

  private static List<JsonNode> partsOf(JsonNode chunk) {
    JsonNode candidates = chunk.get("candidates");
    JsonNode first = candidates == null || candidates.size() == 0 ? null : candidates.get(0);
    JsonNode content = first == null ? null : first.get("content");
    JsonNode parts = content == null ? null : content.get("parts");
    List<JsonNode> out = new ArrayList<>();
    if (parts != null && parts.isArray()) {
      parts.values().forEach(out::add);
    }
    return out;
  }

  /** {@code last} with its first candidate's parts replaced and the last usage. */
  private static JsonNode merged(JsonNode last, List<JsonNode> parts, @Nullable JsonNode usage) {
    Map<String, JsonNode> root = copy(last);
    JsonNode candidates = last.get("candidates");
    Map<String, JsonNode> candidate =
        candidates == null || candidates.size() == 0
            ? new LinkedHashMap<>()
            : copy(candidates.get(0));
    JsonNode oldContent = candidate.get("content");
    Map<String, JsonNode> content = oldContent == null ? new LinkedHashMap<>() : copy(oldContent);
    content.putIfAbsent("role", JsonNode.createStringNode("model"));
    content.put("parts", JsonNode.createArrayNode(parts));
    candidate.put("content", JsonNode.createObjectNode(content));
    root.put("candidates", JsonNode.createArrayNode(List.of(JsonNode.createObjectNode(candidate))));
    if (usage != null) {
      root.put("usageMetadata", usage);
    }
    return JsonNode.createObjectNode(root);
  }

  private static Map<String, JsonNode> copy(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.entries()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private @Nullable JsonNode unwrapped(String data) {
    try {
      JsonNode root = json.readValue(data, JsonNode.class);
      if (root == null || !root.isObject()) {
        return null;
      }
      JsonNode response = root.get("response");
      return response != null && response.isObject() ? response : root;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private byte @Nullable [] write(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      return null;
    }
  }

  private byte @Nullable [] inner(String data) {
    String response = JsonText.objectMember(data, "response");
    return response == null ? null : response.getBytes(StandardCharsets.UTF_8);
  }
}
