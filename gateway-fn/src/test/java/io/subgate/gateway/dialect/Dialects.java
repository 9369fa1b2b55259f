package io.subgate.gateway.dialect;

import io.micronaut.core.value.MapPropertyResolver;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.Cooldowns;
import io.subgate.account.Credentials;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Dialects, accounts and requests for the dialect unit tests (no server, no network). */
final class Dialects {
  static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final JsonMapper JSON = JsonMapper.createDefault();
  static final PlatformEndpoints ENDPOINTS =
      new PlatformEndpoints(
          new MapPropertyResolver(
              Map.of(
                  "subgate.platforms.anthropic.api-base-url", "http://anthropic.test",
                  "subgate.platforms.openai.api-base-url", "http://openai.test",
                  "subgate.platforms.openai.oauth-api-base-url", "http://chatgpt.test/codex",
                  "subgate.platforms.gemini.api-base-url", "http://aistudio.test",
                  "subgate.platforms.gemini.oauth-api-base-url", "http://codeassist.test",
                  "subgate.platforms.antigravity.oauth-api-base-url",
                      "http://daily.test, http://prod.test/")));

  private Dialects() {}

  static List<UpstreamDialect> all() {
    return List.of(
        new AnthropicKeyDialect(ENDPOINTS, JSON, CLOCK),
        new AnthropicOAuthDialect(ENDPOINTS, JSON, CLOCK),
        new OpenAiKeyDialect(ENDPOINTS, JSON, CLOCK),
        new CodexOAuthDialect(ENDPOINTS, JSON, CLOCK),
        new GeminiKeyDialect(ENDPOINTS, JSON, CLOCK),
        new CodeAssistDialect(ENDPOINTS, JSON, CLOCK),
        new AntigravityDialect(ENDPOINTS, JSON, CLOCK),
        new AntigravityUpstreamDialect(ENDPOINTS, JSON, CLOCK));
  }

  static DialectRegistry registry() {
    return new DialectRegistry(all(), JSON, CLOCK);
  }

  static Account account(long id, Platform platform, AccountType type, Credentials credentials) {
    return new Account(
        id,
        "acc-" + id,
        platform,
        type,
        AccountStatus.ACTIVE,
        null,
        true,
        1,
        1,
        Cooldowns.NONE,
        null,
        credentials,
        1,
        NOW,
        List.of(),
        null,
        null,
        0L);
  }

  static Account oauth(long id, Platform platform, @Nullable String accountId) {
    return account(
        id,
        platform,
        AccountType.OAUTH,
        new OAuthCredentials("at-" + id, "rt", NOW.plusSeconds(3600), null, null, accountId));
  }

  /** A Google OAuth account (Code Assist, Antigravity) working in {@code project}. */
  static Account google(long id, Platform platform, @Nullable String project) {
    return account(
        id,
        platform,
        AccountType.OAUTH,
        new OAuthCredentials("at-" + id, "rt", NOW.plusSeconds(3600), null, project, null));
  }

  static Account apiKey(long id, Platform platform) {
    return account(id, platform, AccountType.APIKEY, new StaticKeyCredentials("key-" + id, null));
  }

  /** A request as the gateway parses it; {@code headers} alternate name and value. */
  static ProxyRequest request(Route route, String body, String... headers) {
    return gemini(route, null, body, headers);
  }

  /** A request on a route whose path may name the model (Gemini). */
  static ProxyRequest gemini(
      Route route, @Nullable String pathModel, String body, String... headers) {
    Map<String, String> lower = new HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      lower.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
    }
    try {
      JsonNode node = JSON.readValue(body, JsonNode.class);
      ClientIdentity client = route.protocol().identify(route, lower, node, JSON);
      return new ProxyRequest(
          route,
          lower,
          "",
          body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          node,
          route.protocol().model(route, pathModel, node),
          route.protocol().stream(route, node),
          client);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
