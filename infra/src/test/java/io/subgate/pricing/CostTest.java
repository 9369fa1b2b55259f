package io.subgate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recorded usage blocks of each provider priced by the bundled table, against figures worked out by
 * hand (dollars per million tokens times tokens).
 */
class CostTest {
  private final JsonMapper json = JsonMapper.createDefault();
  private final PriceTable table = PriceBook.bundled(json);

  private JsonNode node(String text) throws IOException {
    return json.readValue(text, JsonNode.class);
  }

  private BigDecimal cost(String model, TokenUsage usage) {
    return Usd.dollars(table.find(model).orElseThrow().cost(usage));
  }

  @Test
  void anthropic_pricesFiveMinuteAndHourWritesAndReads_apart() throws IOException {
    TokenUsage usage =
        UsageBlocks.of(
            node(
                "{\"input_tokens\":1200,\"cache_creation_input_tokens\":3000,"
                    + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,"
                    + "\"ephemeral_1h_input_tokens\":2000},"
                    + "\"cache_read_input_tokens\":50000,\"output_tokens\":800}"));

    assertEquals(new TokenUsage(1200, 800, 1000, 2000, 50000, 0), usage);
    // 1200×5 + 1000×6.25 + 2000×10 + 50000×0.5 + 800×25 = 77 250 per million
    assertEquals(new BigDecimal("0.07725"), cost("claude-opus-4-5-20251101", usage));
  }

  @Test
  void anthropic_withoutTheSplit_writesAreFiveMinuteOnes_andTheLongContextTierTakesAll()
      throws IOException {
    TokenUsage plain =
        UsageBlocks.of(
            node(
                "{\"input_tokens\":2000,\"cache_creation_input_tokens\":4000,"
                    + "\"cache_read_input_tokens\":0,\"output_tokens\":500}"));
    // 2000×3 + 4000×3.75 + 500×15 = 28 500 per million
    assertEquals(new BigDecimal("0.0285"), cost("claude-sonnet-4-5-20250929", plain));

    TokenUsage big = new TokenUsage(150_000, 1_000, 0, 0, 100_000, 0);
    // prompt 250 000 > 200 000: 150 000×6 + 100 000×0.6 + 1 000×22.5 = 982 500 per million
    assertEquals(new BigDecimal("0.9825"), cost("claude-sonnet-4-5", big));
  }

  @Test
  void openAi_chatAndResponses_cachedTokensLeaveTheInputRate_reasoningIsOutput()
      throws IOException {
    TokenUsage chat =
        UsageBlocks.of(
            node(
                "{\"prompt_tokens\":10000,\"completion_tokens\":2000,\"total_tokens\":12000,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":8000},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":1500}}"));
    assertEquals(new TokenUsage(2000, 2000, 0, 0, 8000, 1500), chat);
    // 2000×1.25 + 8000×0.125 + 2000×10 = 23 500 per million
    assertEquals(new BigDecimal("0.0235"), cost("gpt-5", chat));

    TokenUsage responses =
        UsageBlocks.of(
            node(
                "{\"input_tokens\":5000,\"input_tokens_details\":{\"cached_tokens\":4096},"
                    + "\"output_tokens\":300,\"output_tokens_details\":{\"reasoning_tokens\":200},"
                    + "\"total_tokens\":5300}"));
    // 904×1.25 + 4096×0.125 + 300×10 = 4 642 per million
    assertEquals(new BigDecimal("0.004642"), cost("gpt-5-codex", responses));
  }

  @Test
  void gemini_cachedContentAndThoughts_andTheLongPromptTier() throws IOException {
    TokenUsage cached =
        UsageBlocks.gemini(
            node(
                "{\"promptTokenCount\":12000,\"cachedContentTokenCount\":10000,"
                    + "\"candidatesTokenCount\":400,\"thoughtsTokenCount\":600,"
                    + "\"totalTokenCount\":13000}"));
    assertEquals(new TokenUsage(2000, 1000, 0, 0, 10000, 600), cached);
    // 2000×1.25 + 10000×0.125 + 1000×10 = 13 750 per million
    assertEquals(new BigDecimal("0.01375"), cost("gemini-2.5-pro", cached));

    TokenUsage longPrompt =
        UsageBlocks.gemini(node("{\"promptTokenCount\":300000,\"candidatesTokenCount\":1000}"));
    // 300 000×2.5 + 1 000×15 = 765 000 per million
    assertEquals(new BigDecimal("0.765"), cost("gemini-2.5-pro-preview-06-05", longPrompt));
    // 1000×0.3 + 100×2.5 = 550 per million
    assertEquals(
        new BigDecimal("0.00055"), cost("gemini-2.5-flash", new TokenUsage(1000, 100, 0, 0, 0, 0)));
  }

  @Test
  void lookup_exactBeforeTheLongestPattern_caseBlind_andNoPriceIsNoPrice() {
    assertEquals(
        "claude-fable-5-1*", table.find("claude-fable-5-1-20261101").orElseThrow().model());
    assertEquals("claude-fable-5*", table.find("claude-fable-5-20260601").orElseThrow().model());
    assertEquals("gpt-5", table.find("GPT-5").orElseThrow().model());
    assertEquals("gpt-5-mini*", table.find("gpt-5-mini-2025-08-07").orElseThrow().model());
    assertTrue(table.find("mystery-model").isEmpty(), "unpriced, never free");
    assertTrue(table.find("gpt-5.9").isEmpty(), "an exact name is no pattern");
  }

  @Test
  void overrides_comeFirst_andNameTheirDigestInTheVersion() throws IOException {
    ModelPrice own =
        PriceJson.read(node("{\"model\":\"claude-opus-4-5*\",\"input\":1,\"output\":2}"), "x");
    PriceTable overridden = table.withOverrides(table.version(), List.of(own));

    assertEquals(
        new BigDecimal("0.000003"),
        Usd.dollars(
            overridden
                .find("claude-opus-4-5-20251101")
                .orElseThrow()
                .cost(new TokenUsage(1, 1, 0, 0, 0, 0))));
    assertTrue(overridden.version().startsWith(table.version() + "+o"), overridden.version());
    assertEquals(
        overridden.version(),
        table.withOverrides(table.version(), List.of(own)).version(),
        "the same overrides, the same version in every process");
    assertEquals(new BigDecimal("1.25"), Usd.perMillion(own.rates().cacheWrite5m()), "1.25× input");
    assertEquals(table.version(), table.withOverrides(table.version(), List.of()).version());
  }

  @Test
  void aPrice_isRefusedWhenItCannotBeOne_namingTheField() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> PriceJson.read(node("{\"model\":\"m\",\"output\":1}"), "x"));
    assertTrue(String.valueOf(missing.getMessage()).startsWith("input:"), missing.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> PriceJson.read(node("{\"model\":\"m\",\"input\":-1,\"output\":1}"), "x"));
    assertTrue(String.valueOf(negative.getMessage()).startsWith("input:"), negative.getMessage());
    IllegalArgumentException fine =
        assertThrows(
            IllegalArgumentException.class,
            () -> PriceJson.read(node("{\"model\":\"m\",\"input\":0.0000001,\"output\":1}"), "x"));
    assertTrue(String.valueOf(fine.getMessage()).contains("six decimals"), fine.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PriceJson.read(node("{\"model\":\"a*b\",\"input\":1,\"output\":1}"), "x"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PriceJson.read(
                node("{\"model\":\"m\",\"input\":1,\"output\":1,\"long_context\":{\"input\":2}}"),
                "x"));
  }

  @Test
  void everyBundledPrice_namesItsSource_andRoundTripsThroughJson() throws IOException {
    for (ModelPrice p : table.bundled()) {
      assertTrue(p.source().startsWith("https://"), p.model());
      ModelPrice back =
          PriceJson.read(
              json.readValue(json.writeValueAsString(PriceJson.write(p)), JsonNode.class), "x");
      assertEquals(p, back);
    }
  }
}
