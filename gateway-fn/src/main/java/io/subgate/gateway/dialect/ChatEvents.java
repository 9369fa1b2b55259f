package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;

/** OpenAI Chat Completions chunks: {@code data:} only, {@code [DONE]} at the end. */
final class ChatEvents extends UpstreamEvents {

  ChatEvents(JsonMapper json) {
    super(json);
  }

  @Override
  public Signal observe(SseEvent event) {
    String data = event.data();
    if ("[DONE]".equals(data.trim())) {
      return Signal.TERMINAL;
    }
    if (data.startsWith("{\"error\"")) {
      return error(RequestFaults.errorOf(parse(data)));
    }
    if (data.contains("\"usage\"")) {
      JsonNode chunk = parse(data);
      readUsage(field(chunk, "usage"));
      model(field(chunk, "model"));
    }
    return data.contains("\"choices\"") && !data.contains("\"choices\":[]")
        ? Signal.CONTENT
        : Signal.OTHER;
  }
}
