package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.ModelMapping;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.testing.InMemoryAccountRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The model a group asks each of its accounts for. */
class GroupTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private final InMemoryAccountRepository accounts =
      new InMemoryAccountRepository(Clock.fixed(NOW, ZoneOffset.UTC));

  private int made;

  private Account key(Platform platform, List<String> models, Map<String, String> mapping) {
    return accounts.create(
        new NewAccount(
            "a-" + (++made),
            platform,
            AccountType.APIKEY,
            1,
            1,
            new StaticKeyCredentials("sk", null, mapping),
            models));
  }

  private static Group group(Set<Platform> platforms, GroupSettings settings) {
    return new Group(1, "g", platforms, settings, 0, NOW);
  }

  @Test
  void singlePlatformGroup_withNoSettings_asksAnyNameOfAnAccountServingAll() {
    Group g = new Group(1, "g", Platform.OPENAI, NOW);
    Account all = key(Platform.OPENAI, List.of(), Map.of());
    assertEquals("my-relay-model", g.upstreamModel("my-relay-model", all), "relays name their own");
    Account limited = key(Platform.OPENAI, List.of("gpt-5"), Map.of());
    assertEquals("gpt-5", g.upstreamModel("gpt-5", limited));
    assertNull(g.upstreamModel("gpt-5-mini", limited));
  }

  @Test
  void mixedGroup_sendsEachPlatformItsOwnFamily_andTheDefaultForOthers() {
    Group g =
        group(
            Set.of(Platform.ANTHROPIC, Platform.OPENAI, Platform.GEMINI),
            new GroupSettings(ModelMapping.NONE, Map.of(Platform.OPENAI, "gpt-5"), null));
    Account claude = key(Platform.ANTHROPIC, List.of(), Map.of());
    Account openai = key(Platform.OPENAI, List.of(), Map.of());
    Account gemini = key(Platform.GEMINI, List.of(), Map.of());

    assertEquals("claude-sonnet-4-5", g.upstreamModel("claude-sonnet-4-5", claude));
    assertEquals("gpt-5", g.upstreamModel("claude-sonnet-4-5", openai), "the platform's default");
    assertNull(g.upstreamModel("claude-sonnet-4-5", gemini), "no default: not a Gemini model");
    assertEquals("gpt-5-mini", g.upstreamModel("gpt-5-mini", openai), "its own family passes");
    assertNull(g.upstreamModel("gpt-5-mini", claude));
  }

  @Test
  void groupMapping_appliesFirst_exactBeatsPattern_andLongestPatternWins() {
    Group g =
        group(
            Set.of(Platform.ANTHROPIC, Platform.OPENAI),
            new GroupSettings(
                new ModelMapping(
                    Map.of(
                        "claude-*", "claude-sonnet-4-5",
                        "claude-opus-*", "gpt-5",
                        "claude-opus-4-1", "claude-opus-4-1-20250805")),
                Map.of(),
                null));
    Account claude = key(Platform.ANTHROPIC, List.of(), Map.of());
    Account openai = key(Platform.OPENAI, List.of(), Map.of());

    assertEquals("claude-sonnet-4-5", g.upstreamModel("claude-haiku-4-5", claude));
    assertNull(g.upstreamModel("claude-haiku-4-5", openai));
    assertEquals("gpt-5", g.upstreamModel("claude-opus-4-6", openai), "the longer pattern");
    assertNull(g.upstreamModel("claude-opus-4-6", claude), "gpt-5 is not Claude's");
    assertEquals("claude-opus-4-1-20250805", g.upstreamModel("claude-opus-4-1", claude));
  }

  @Test
  void limitedAccount_takesTheDefaultOnlyWhenItServesIt() {
    Group g =
        group(
            Set.of(Platform.ANTHROPIC, Platform.OPENAI),
            new GroupSettings(ModelMapping.NONE, Map.of(Platform.OPENAI, "gpt-5-mini"), null));
    Account servesDefault = key(Platform.OPENAI, List.of("gpt-5-mini"), Map.of());
    Account mapped = key(Platform.OPENAI, List.of(), Map.of("gpt-5-*", "gpt-5-2025"));
    Account other = key(Platform.OPENAI, List.of("gpt-4o"), Map.of());

    assertEquals("gpt-5-mini", g.upstreamModel("claude-opus-4-1", servesDefault));
    assertEquals("gpt-5-mini", g.upstreamModel("claude-opus-4-1", mapped), "its key maps it");
    assertNull(g.upstreamModel("claude-opus-4-1", other));
  }

  @Test
  void aGroupServesAtLeastOnePlatform() {
    assertThrows(IllegalArgumentException.class, () -> group(Set.of(), GroupSettings.NONE));
  }
}
