package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recognises Claude Code (upstream-dialects §1.2, the forward-time check): a {@code
 * claude-cli/x.y.z} user agent and, on {@code /v1/messages}, a {@code metadata.user_id} in one of
 * the two formats the CLI writes — legacy {@code user_<64 hex>_account_<uuid or
 * empty>_session_<uuid>} or a JSON string with {@code device_id} and {@code session_id}. Token
 * counting needs the user agent only: the CLI sends no metadata there.
 */
final class ClaudeCodeClient {
  private static final Pattern USER_AGENT =
      Pattern.compile("^claude-cli/\\d+\\.\\d+\\.\\d+", Pattern.CASE_INSENSITIVE);
  private static final String UUID =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  private static final Pattern LEGACY_USER_ID =
      Pattern.compile("^user_[0-9a-fA-F]{64}_account_(" + UUID + ")?_session_" + UUID + "$");

  private ClaudeCodeClient() {}

  static boolean recognised(
      Map<String, String> headers, JsonNode body, boolean metadataRequired, JsonMapper json) {
    if (!USER_AGENT.matcher(headers.getOrDefault("user-agent", "")).find()) {
      return false;
    }
    return !metadataRequired || userIdOfClaudeCode(body, json);
  }

  private static boolean userIdOfClaudeCode(JsonNode body, JsonMapper json) {
    JsonNode metadata = body.get("metadata");
    JsonNode userId = metadata == null ? null : metadata.get("user_id");
    if (userId == null || !userId.isString()) {
      return false;
    }
    String value = userId.getStringValue();
    if (LEGACY_USER_ID.matcher(value).matches()) {
      return true;
    }
    if (!value.startsWith("{")) {
      return false;
    }
    try {
      JsonNode parsed = json.readValue(value, JsonNode.class);
      return parsed != null
          && parsed.isObject()
          && nonBlank(parsed.get("device_id"))
          && nonBlank(parsed.get("session_id"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean nonBlank(JsonNode node) {
    return node != null && node.isString() && !node.getStringValue().isBlank();
  }
}
