package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the ChatGPT account id from an OpenAI {@code id_token}: the claim object {@code
 * https://api.openai.com/auth}, field {@code chatgpt_account_id}. The Codex backend needs it as the
 * {@code chatgpt-account-id} header of every request. The token's signature is not checked: it
 * comes straight from OpenAI's token endpoint (or from the operator), and the id only selects the
 * workspace that the access token already belongs to.
 */
public final class OpenAiIdToken {
  private static final String AUTH_CLAIM = "https://api.openai.com/auth";

  private OpenAiIdToken() {}

  /** The account id in {@code idToken}, or empty when it is not a JWT carrying one. */
  public static Optional<String> chatgptAccountId(JsonMapper json, String idToken) {
    String[] parts = idToken.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
      JsonNode claims = json.readValue(new String(payload, StandardCharsets.UTF_8), JsonNode.class);
      JsonNode auth = claims == null ? null : claims.get(AUTH_CLAIM);
      JsonNode id = auth == null ? null : auth.get("chatgpt_account_id");
      return id != null && id.isString() && !id.getStringValue().isBlank()
          ? Optional.of(id.getStringValue())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }
}
