package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.gateway.dialect.UpstreamEvents.Signal;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.pricing.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each dialect's reader reads recorded events: content, ends, failures, request faults. */
class UpstreamEventsTest {

  private static SseEvent event(String name, String data) {
    return new SseEvent(name, data, "event: " + name + "\ndata: " + data + "\n\n");
  }

  @Test
  void anthropic_contentEndUsage_andErrorKinds() {
    AnthropicEvents e = new AnthropicEvents(Dialects.JSON);
    assertEquals(
        Signal.OTHER,
        e.observe(
            event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":12}}}")));
    assertEquals(Signal.CONTENT, e.observe(event("content_block_delta", "{}")));
    assertEquals(
        Signal.OTHER, e.observe(event("message_delta", "{\"usage\":{\"output_tokens\":34}}")));
    assertEquals(Signal.TERMINAL, e.observe(event("message_stop", "{}")));
    assertEquals(12, e.usage().input());
    assertEquals(34, e.usage().output());

    AnthropicEvents overloaded = new AnthropicEvents(Dialects.JSON);
    assertEquals(
        Signal.FAILED,
        overloaded.observe(
            event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}")));
    assertEquals(UpstreamFailure.Kind.OVERLOADED, overloaded.failure());
    assertEquals(
        Signal.REQUEST_FAULT,
        new AnthropicEvents(Dialects.JSON)
            .observe(
                event(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"prompt is too long\"}}")));
  }

  @Test
  void responses_requestFaultsAreTheClients_otherFailuresAreTheAccounts() {
    assertEquals(
        Signal.REQUEST_FAULT,
        new ResponsesEvents(Dialects.JSON)
            .observe(
                event(
                    "response.failed",
                    "{\"response\":{\"error\":{\"code\":\"context_length_exceeded\"}}}")));
    assertEquals(
        Signal.REQUEST_FAULT,
        new ResponsesEvents(Dialects.JSON)
            .observe(event("error", "{\"type\":\"error\",\"code\":\"invalid_prompt\"}")));
    ResponsesEvents limited = new ResponsesEvents(Dialects.JSON);
    assertEquals(
        Signal.FAILED,
        limited.observe(
            event(
                "response.failed",
                "{\"response\":{\"error\":{\"code\":\"rate_limit_exceeded\"}}}")));
    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, limited.failure());
    ResponsesEvents server = new ResponsesEvents(Dialects.JSON);
    assertEquals(
        Signal.FAILED,
        server.observe(
            event("response.failed", "{\"response\":{\"error\":{\"code\":\"server_error\"}}}")));
    assertEquals(UpstreamFailure.Kind.SERVER_ERROR, server.failure());
    ResponsesEvents done = new ResponsesEvents(Dialects.JSON);
    assertEquals(Signal.CONTENT, done.observe(event("response.output_text.delta", "{}")));
    assertEquals(
        Signal.TERMINAL,
        done.observe(
            event(
                "response.completed",
                "{\"response\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}}")));
    assertEquals(6, done.usage().output());
  }

  @Test
  void promptCacheFigures_andTheAnsweringModel_areRead() {
    AnthropicEvents anthropic = new AnthropicEvents(Dialects.JSON);
    anthropic.observe(
        new SseEvent(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"usage\":{\"input_tokens\":3,\"cache_creation_input_tokens\":1200,"
                + "\"cache_read_input_tokens\":800,\"output_tokens\":1}}}",
            ""));
    ResponsesEvents responses = new ResponsesEvents(Dialects.JSON);
    responses.observe(
        new SseEvent(
            "response.completed",
            "{\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-5-codex\","
                + "\"usage\":{\"input_tokens\":50,\"input_tokens_details\":{\"cached_tokens\":40},"
                + "\"output_tokens\":5}}}",
            ""));

    assertEquals(new TokenUsage(3, 1, 1200, 0, 800, 0), anthropic.usage());
    assertEquals("claude-sonnet-4-5-20250929", anthropic.model());
    assertEquals(
        new TokenUsage(10, 5, 0, 0, 40, 0), responses.usage(), "the cached 40 leave the input");
    assertEquals("gpt-5-codex", responses.model());
  }

  @Test
  void chat_errorChunk_andDone() {
    ChatEvents chat = new ChatEvents(Dialects.JSON);
    assertEquals(Signal.CONTENT, chat.observe(new SseEvent("", "{\"choices\":[{}]}", "")));
    assertEquals(Signal.TERMINAL, chat.observe(new SseEvent("", "[DONE]", "")));
    assertEquals(
        Signal.REQUEST_FAULT,
        new ChatEvents(Dialects.JSON)
            .observe(new SseEvent("", "{\"error\":{\"code\":\"content_filter\"}}", "")));
  }

  @Test
  void completeAnswers_requestFaultsPassToTheClient_evenOnStatusesThatAreFailures() {
    HttpDialect dialect = new OpenAiKeyDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK);
    byte[] policy =
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"content_policy_violation\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertTrue(dialect.judge(ResetHintsTest.answer(403, Map.of()), policy).isEmpty());
    assertTrue(dialect.judge(ResetHintsTest.answer(400, Map.of()), new byte[0]).isEmpty());
    assertEquals(
        UpstreamFailure.Kind.FORBIDDEN,
        dialect
            .judge(ResetHintsTest.answer(403, Map.of()), "{}".getBytes(StandardCharsets.UTF_8))
            .orElseThrow()
            .kind());
  }
}
