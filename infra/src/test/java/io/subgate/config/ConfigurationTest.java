package io.subgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.core.value.MapPropertyResolver;
import io.subgate.account.Platform;
import io.subgate.adapter.memory.InMemoryTokenCache;
import io.subgate.testing.TestServices;
import io.subgate.token.TokenCache;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void platformEndpoints_defaultToTheRealProviders() {
    PlatformEndpoints defaults = new PlatformEndpoints(new MapPropertyResolver(Map.of()));
    assertEquals("https://api.anthropic.com", defaults.of(Platform.ANTHROPIC).apiBaseUrl());
    assertEquals(
        "https://platform.claude.com/v1/oauth/token", defaults.of(Platform.ANTHROPIC).tokenUrl());
    assertEquals("https://auth.openai.com/oauth/token", defaults.of(Platform.OPENAI).tokenUrl());
    assertEquals("https://oauth2.googleapis.com/token", defaults.of(Platform.GEMINI).tokenUrl());
    for (Platform platform : Platform.values()) {
      assertEquals("", defaults.of(platform).missingForRefresh(), "refresh works out of the box");
    }
    assertEquals(
        "https://generativelanguage.googleapis.com", defaults.of(Platform.GEMINI).apiBaseUrl());
    assertEquals(
        "https://cloudcode-pa.googleapis.com", defaults.of(Platform.GEMINI).oauthApiBaseUrl());
    assertEquals(
        java.util.List.of(
            "https://daily-cloudcode-pa.googleapis.com", "https://cloudcode-pa.googleapis.com"),
        defaults.of(Platform.ANTIGRAVITY).oauthApiBaseUrls());
    PlatformEndpoints blank =
        new PlatformEndpoints(
            new MapPropertyResolver(Map.of("subgate.platforms.gemini.client-secret", "")));
    assertEquals("client-secret", blank.of(Platform.GEMINI).missingForRefresh());
  }

  @Test
  void platformEndpoints_areOverridableByConfiguration() {
    try (ApplicationContext ctx =
        TestServices.context(
            TestServices.freshH2Url(),
            Map.of(
                "subgate.platforms.anthropic.token-url", "http://127.0.0.1:19/token",
                "subgate.platforms.openai.api-base-url", "http://127.0.0.1:19/v1/"))) {
      PlatformEndpoints endpoints = ctx.getBean(PlatformEndpoints.class);
      assertEquals("http://127.0.0.1:19/token", endpoints.of(Platform.ANTHROPIC).tokenUrl());
      assertEquals("http://127.0.0.1:19/v1", endpoints.of(Platform.OPENAI).apiBaseUrl());
    }
  }

  @Test
  void localModeWithoutRedis_usesTheInProcessCache() {
    try (ApplicationContext ctx = TestServices.context(TestServices.freshH2Url(), Map.of())) {
      assertInstanceOf(InMemoryTokenCache.class, ctx.getBean(TokenCache.class));
    }
  }

  @Test
  void productionMode_namesEveryMissingSetting() {
    BeanInstantiationException e =
        assertThrows(
            BeanInstantiationException.class,
            () ->
                ApplicationContext.run(
                        Map.of(
                            "subgate.mode",
                            "production",
                            "datasources.default.url",
                            TestServices.freshH2Url()),
                        "test")
                    .close());
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("REDIS_URI"), message);
    assertTrue(message.contains("DATASOURCES_DEFAULT_URL"), message);
    assertTrue(message.contains("SUBGATE_CRYPTO_KEY"), message);
  }
}
