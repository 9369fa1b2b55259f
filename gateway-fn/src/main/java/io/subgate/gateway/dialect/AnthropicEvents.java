package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;

/** Anthropic Messages events: {@code message_start} … {@code message_stop}, {@code error}. */
final class AnthropicEvents extends UpstreamEvents {

  AnthropicEvents(JsonMapper json) {
    super(json);
  }

  @Override
  public Signal observe(SseEvent event) {
    switch (event.name()) {
      case "error":
        return error(RequestFaults.errorOf(parse(event.data())));
      case "message_start":
        JsonNode message = field(parse(event.data()), "message");
        readUsage(field(message, "usage"));
        model(field(message, "model"));
        return Signal.OTHER;
      case "message_delta":
        readUsage(field(parse(event.data()), "usage"));
        return Signal.OTHER;
      case "message_stop":
        return Signal.TERMINAL;
      default:
        return event.name().startsWith("content_block") ? Signal.CONTENT : Signal.OTHER;
    }
  }
}
