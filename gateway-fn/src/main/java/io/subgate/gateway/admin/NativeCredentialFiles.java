package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.platform.OpenAiIdToken;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads the credential file each native client writes, field by field, with a 400 naming the field
 * that is missing or wrong: Claude Code's {@code ~/.claude/.credentials.json} ({@code
 * claudeAiOauth.accessToken, refreshToken, expiresAt} in ms), the Codex CLI's {@code
 * ~/.codex/auth.json} ({@code tokens.access_token, refresh_token, id_token, account_id}), the
 * Gemini CLI's {@code ~/.gemini/oauth_creds.json} ({@code access_token, refresh_token, expiry_date}
 * in ms, also Antigravity's accounts in the same shape).
 */
@Singleton
final class NativeCredentialFiles {
  private final JsonMapper json;

  NativeCredentialFiles(JsonMapper json) {
    this.json = json;
  }

  OAuthCredentials read(Platform platform, String text) {
    JsonNode root;
    try {
      root = json.readValue(text, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new InvalidFieldException("file", "is not a JSON object");
    }
    switch (platform) {
      case ANTHROPIC:
        return claudeCode(object(root, "claudeAiOauth", "file."));
      case OPENAI:
        return codex(object(root, "tokens", "file."));
      default:
        return google(root);
    }
  }

  private static OAuthCredentials claudeCode(JsonNode oauth) {
    String prefix = "file.claudeAiOauth.";
    return new OAuthCredentials(
        required(oauth, "accessToken", prefix),
        required(oauth, "refreshToken", prefix),
        millis(oauth, "expiresAt"),
        null,
        null,
        null);
  }

  private OAuthCredentials codex(JsonNode tokens) {
    String prefix = "file.tokens.";
    String accountId = text(tokens, "account_id");
    String idToken = text(tokens, "id_token");
    if (accountId == null && idToken != null) {
      accountId = OpenAiIdToken.chatgptAccountId(json, idToken).orElse(null);
    }
    return new OAuthCredentials(
        required(tokens, "access_token", prefix),
        required(tokens, "refresh_token", prefix),
        null,
        null,
        null,
        accountId);
  }

  private static OAuthCredentials google(JsonNode creds) {
    return new OAuthCredentials(
        required(creds, "access_token", "file."),
        required(creds, "refresh_token", "file."),
        millis(creds, "expiry_date"),
        text(creds, "scope"),
        text(creds, "project_id"),
        null);
  }

  private static JsonNode object(JsonNode root, String name, String prefix) {
    JsonNode v = root.get(name);
    if (v == null || !v.isObject()) {
      throw new InvalidFieldException(prefix + name, "is required (an object)");
    }
    return v;
  }

  private static String required(JsonNode node, String name, String prefix) {
    String v = text(node, name);
    if (v == null || v.isBlank()) {
      throw new InvalidFieldException(prefix + name, "is required");
    }
    return v;
  }

  private static @Nullable String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isString() ? v.getStringValue() : null;
  }

  private static @Nullable Instant millis(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isNumber() ? Instant.ofEpochMilli(v.getLongValue()) : null;
  }
}
