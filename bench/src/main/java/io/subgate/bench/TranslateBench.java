package io.subgate.bench;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.CodeAssistEnvelope;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.gateway.translate.Translator;
import io.subgate.gateway.translate.Translators;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a conversion costs on top of a pass-through answer, in CPU time per request on one thread:
 * the request converted, then a streamed answer of {@code deltas} text events converted event by
 * event, or a complete answer converted whole, against the identity translator on the same upstream
 * events. Target (issue 20): at most 0.1 ms more than pass-through, streaming included.
 *
 * <p>Arguments: {@code requests} per case (default 20000), {@code deltas} per stream (default 60).
 */
public final class TranslateBench {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private TranslateBench() {}

  private record Case(
      String name,
      InboundProtocol client,
      InboundProtocol upstream,
      Route route,
      String body,
      List<SseEvent> stream,
      byte[] complete) {}

  public static void main(String[] args) throws IOException {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int deltas = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    String chat = chatRequest();
    String messages = messagesRequest();
    List<Case> cases =
        List.of(
            new Case(
                "chat → messages",
                OpenAiChat.INSTANCE,
                AnthropicMessages.INSTANCE,
                Route.CHAT_COMPLETIONS,
                chat,
                anthropicStream(deltas),
                anthropicBody()),
            new Case(
                "messages → chat",
                AnthropicMessages.INSTANCE,
                OpenAiChat.INSTANCE,
                Route.MESSAGES,
                messages,
                chatStream(deltas),
                chatBody()),
            new Case(
                "chat → gemini",
                OpenAiChat.INSTANCE,
                GeminiNative.INSTANCE,
                Route.CHAT_COMPLETIONS,
                chat,
                geminiStream(deltas, false),
                geminiBody()),
            new Case(
                "messages → gemini",
                AnthropicMessages.INSTANCE,
                GeminiNative.INSTANCE,
                Route.MESSAGES,
                messages,
                geminiStream(deltas, false),
                geminiBody()),
            new Case(
                "messages → code assist",
                AnthropicMessages.INSTANCE,
                CodeAssistEnvelope.INSTANCE,
                Route.MESSAGES,
                messages,
                geminiStream(deltas, true),
                ("{\"response\":" + new String(geminiBody(), StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8)),
            new Case(
                "responses → messages",
                OpenAiResponses.INSTANCE,
                AnthropicMessages.INSTANCE,
                Route.RESPONSES,
                responsesRequest(),
                anthropicStream(deltas),
                anthropicBody()));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.printf(
        "translate: %d requests per case, streams of %d text deltas; CPU µs per request%n",
        requests, deltas);
    System.out.printf(
        "%-24s %12s %12s %12s %12s%n",
        "case", "pass stream", "conv stream", "pass whole", "conv whole");
    for (Case c : cases) {
      double passStream = perRequest(cpu, requests, () -> stream(c, true));
      double convStream = perRequest(cpu, requests, () -> stream(c, false));
      double passWhole = perRequest(cpu, requests, () -> whole(c, true));
      double convWhole = perRequest(cpu, requests, () -> whole(c, false));
      System.out.printf(
          "%-24s %12.1f %12.1f %12.1f %12.1f   added: stream %.3f ms, whole %.3f ms%n",
          c.name(),
          passStream,
          convStream,
          passWhole,
          convWhole,
          (convStream - passStream) / 1000,
          (convWhole - passWhole) / 1000);
    }
  }

  /** Sink so the JIT keeps the work. */
  private static long sink;

  private static double perRequest(ThreadMXBean cpu, int requests, Runnable one) {
    for (int i = 0; i < Math.max(2_000, requests / 4); i++) {
      one.run();
    }
    long start = cpu.getCurrentThreadCpuTime();
    for (int i = 0; i < requests; i++) {
      one.run();
    }
    return (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / requests;
  }

  private static ProxyRequest request(Case c, boolean stream) {
    try {
      String body =
          stream ? c.body().replace("{\"model\"", "{\"stream\":true,\"model\"") : c.body();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      JsonNode tree = JSON.readValue(bytes, JsonNode.class);
      return new ProxyRequest(
          c.route(), Map.of(), "", bytes, tree, "m", stream, ClientIdentity.OTHER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Translator translator(Case c, boolean pass) {
    return pass
        ? Translator.IDENTITY
        : Translators.between(c.client(), c.upstream(), JSON, Clock.systemUTC()).orElseThrow();
  }

  private static void stream(Case c, boolean pass) {
    Translator t = translator(c, pass);
    ProxyRequest up = t.request(request(c, true));
    long n = up.body().length;
    for (SseEvent e : c.stream()) {
      for (byte[] out : t.event(e)) {
        n += out.length;
      }
    }
    sink += n;
  }

  private static void whole(Case c, boolean pass) {
    Translator t = translator(c, pass);
    ProxyRequest up = t.request(request(c, false));
    byte[] answer = t.body(c.complete());
    sink += up.body().length + answer.length + t.usageOf(c.complete(), answer).length;
  }

  private static String chatRequest() {
    return "{\"model\":\"m\",\"max_completion_tokens\":1024,\"messages\":["
        + "{\"role\":\"system\",\"content\":\""
        + "You are a careful assistant. ".repeat(20)
        + "\"},{\"role\":\"user\",\"content\":\"What is the weather in Oslo and Bergen?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Bergen\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"4 C, rain\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"6 C, wind\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
        + "\"description\":\"Current weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}";
  }

  private static String messagesRequest() {
    return "{\"model\":\"m\",\"max_tokens\":1024,\"system\":\""
        + "You are a careful assistant. ".repeat(20)
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Oslo and"
        + " Bergen?\"},{\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{\"city\":\"Oslo\"}},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"weather\",\"input\":{\"city\":\"Bergen\"}}]},"
        + "{\"role\":\"user\",\"content\":["
        + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"4 C, rain\"},"
        + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":\"6 C, wind\"}]}],"
        + "\"tools\":[{\"name\":\"weather\",\"description\":\"Current weather\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
        + "\"required\":[\"city\"]}}]}";
  }

  private static String responsesRequest() {
    return "{\"model\":\"m\",\"max_output_tokens\":1024,\"instructions\":\""
        + "You are a careful assistant. ".repeat(20)
        + "\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":"
        + "\"input_text\",\"text\":\"What is the weather in Oslo and Bergen?\"}]},"
        + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"},"
        + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"4 C, rain\"}],"
        + "\"tools\":[{\"type\":\"function\",\"name\":\"weather\",\"description\":\"Current"
        + " weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
        + "\"string\"}},\"required\":[\"city\"]}}]}";
  }

  private static SseEvent sse(String name, String data) {
    return new SseEvent(
        name, data, (name.isEmpty() ? "" : "event: " + name + "\n") + "data: " + data + "\n\n");
  }

  private static List<SseEvent> anthropicStream(int deltas) {
    List<SseEvent> out = new ArrayList<>();
    out.add(
        sse(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":"
                + "{\"input_tokens\":420,\"cache_read_input_tokens\":300,\"output_tokens\":1}}}"));
    out.add(
        sse(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
                + "\"text\":\"\"}}"));
    for (int i = 0; i < deltas; i++) {
      out.add(
          sse(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                  + "\"text\":\"Oslo has rain \"}}"));
    }
    out.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    out.add(
        sse(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":180}}"));
    out.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
    return out;
  }

  private static byte[] anthropicBody() {
    return ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\""
            + "Oslo has rain ".repeat(60)
            + "\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":420,"
            + "\"cache_read_input_tokens\":300,\"output_tokens\":180}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<SseEvent> chatStream(int deltas) {
    List<SseEvent> out = new ArrayList<>();
    String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",";
    out.add(
        sse(
            "",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
    for (int i = 0; i < deltas; i++) {
      out.add(
          sse(
              "",
              head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Oslo has rain \"}}]}"));
    }
    out.add(sse("", head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
    out.add(
        sse(
            "",
            head
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":720,\"completion_tokens\":180,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":300}}}"));
    out.add(sse("", "[DONE]"));
    return out;
  }

  private static byte[] chatBody() {
    return ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + "Oslo has rain ".repeat(60)
            + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":720,"
            + "\"completion_tokens\":180,\"prompt_tokens_details\":{\"cached_tokens\":300}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<SseEvent> geminiStream(int deltas, boolean wrapped) {
    List<SseEvent> out = new ArrayList<>();
    for (int i = 0; i < deltas; i++) {
      boolean last = i == deltas - 1;
      String chunk =
          "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
              + "\"Oslo has rain \"}]}"
              + (last ? ",\"finishReason\":\"STOP\"" : "")
              + ",\"index\":0}],"
              + "\"usageMetadata\":{\"promptTokenCount\":720,\"candidatesTokenCount\":"
              + (i * 3)
              + ",\"cachedContentTokenCount\":300},\"modelVersion\":\"m\",\"responseId\":\"r1\"}";
      out.add(sse("", wrapped ? "{\"response\":" + chunk + "}" : chunk));
    }
    return out;
  }

  private static byte[] geminiBody() {
    return ("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
            + "Oslo has rain ".repeat(60)
            + "\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
            + "{\"promptTokenCount\":720,\"candidatesTokenCount\":180,"
            + "\"cachedContentTokenCount\":300},\"modelVersion\":\"m\",\"responseId\":\"r1\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
