package io.subgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMappingTest {
  private final ModelMapping mapping =
      new ModelMapping(
          Map.of(
              "claude-sonnet-4", "claude-sonnet-4-5-20250929",
              "claude-*", "claude-haiku-4-5",
              "claude-opus-*", "claude-opus-4-5-20251101"));

  @Test
  void anExactNameBeatsPatterns_theLongestPatternWins_unknownNamesStay() {
    assertEquals("claude-sonnet-4-5-20250929", mapping.target("claude-sonnet-4"));
    assertEquals("claude-opus-4-5-20251101", mapping.target("claude-opus-4"));
    assertEquals("claude-haiku-4-5", mapping.target("claude-3-haiku"));
    assertNull(mapping.target("gpt-5"));
    assertEquals("gpt-5", mapping.upstreamName("gpt-5"));
    assertTrue(ModelMapping.NONE.isEmpty());
  }

  @Test
  void aKeysMapping_isAlsoTheListOfModelsItServes() {
    StaticKeyCredentials mapped =
        new StaticKeyCredentials("sk", null, Map.of("claude-sonnet-4", "sonnet-deployment"));
    StaticKeyCredentials plain = new StaticKeyCredentials("sk", null);

    assertEquals("sonnet-deployment", mapped.mapping().upstreamName("claude-sonnet-4"));
    assertTrue(plain.mapping().isEmpty());
    assertFalse(mapped.toString().contains("sk,"), "the key stays out of toString");
  }
}
