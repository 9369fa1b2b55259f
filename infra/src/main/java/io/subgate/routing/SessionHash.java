package io.subgate.routing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.support.Digests;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sticky-session key of a request (sub2api §3.4), first match wins: the session id inside
 * {@code metadata.user_id} (legacy {@code user_<hex>_account_<..>_session_<uuid>} or the JSON form
 * with {@code session_id}); a session header (Codex's {@code session-id} / {@code thread-id} in
 * either spelling, Claude Code's {@code X-Claude-Code-Session-Id}); the Responses API's {@code
 * prompt_cache_key}; else a hash of the stable part of the conversation (system prompt and first
 * message), so follow-up turns of one conversation land on one account.
 */
public final class SessionHash {
  static final List<String> SESSION_HEADERS =
      List.of(
          "session_id",
          "session-id",
          "conversation_id",
          "thread_id",
          "thread-id",
          "x-claude-code-session-id",
          "x-session-id");
  private static final Pattern LEGACY =
      Pattern.compile(
          "_session_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");

  private SessionHash() {}

  /**
   * @param body the parsed request body (may be empty or not an object)
   * @param headers request headers with lower-case names
   */
  public static Optional<String> of(
      @Nullable JsonNode body, Map<String, String> headers, JsonMapper json) {
    if (body != null && body.isObject()) {
      Optional<String> fromMetadata = fromUserId(body, json);
      if (fromMetadata.isPresent()) {
        return fromMetadata;
      }
    }
    for (String name : SESSION_HEADERS) {
      String value = headers.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of("h:" + sha256(value.trim()).substring(0, 32));
      }
    }
    if (body == null || !body.isObject()) {
      return Optional.empty();
    }
    JsonNode cacheKey = body.get("prompt_cache_key");
    if (cacheKey != null && cacheKey.isString() && !cacheKey.getStringValue().isBlank()) {
      return Optional.of("p:" + sha256(cacheKey.getStringValue().trim()).substring(0, 32));
    }
    StringBuilder seed = new StringBuilder();
    JsonNode system = body.get("system");
    if (system != null) {
      seed.append(system).append('|');
    }
    JsonNode messages = body.get("messages");
    if (messages != null && messages.isArray() && messages.size() > 0) {
      seed.append(messages.get(0));
    }
    JsonNode input = body.get("input");
    if (seed.length() == 0 && input != null) {
      seed.append(input.isArray() && input.size() > 0 ? input.get(0) : input);
    }
    if (seed.length() == 0) {
      return Optional.empty();
    }
    return Optional.of("c:" + sha256(seed.toString()).substring(0, 32));
  }

  private static Optional<String> fromUserId(JsonNode body, JsonMapper json) {
    JsonNode metadata = body.get("metadata");
    JsonNode userId = metadata == null ? null : metadata.get("user_id");
    if (userId == null || !userId.isString()) {
      return Optional.empty();
    }
    String raw = userId.getStringValue().trim();
    Matcher legacy = LEGACY.matcher(raw);
    if (legacy.find()) {
      return Optional.of(legacy.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    if (raw.startsWith("{")) {
      try {
        JsonNode parsed = json.readValue(raw, JsonNode.class);
        JsonNode session = parsed == null ? null : parsed.get("session_id");
        if (session != null && session.isString() && !session.getStringValue().isBlank()) {
          // The client's own string, of any length: a key of fixed size, so no client can fill
          // Redis with its session ids.
          return Optional.of("j:" + sha256(session.getStringValue().trim()).substring(0, 32));
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String sha256(String value) {
    return Digests.sha256Hex(value);
  }
}
