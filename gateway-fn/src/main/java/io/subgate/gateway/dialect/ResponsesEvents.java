package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;

/**
 * OpenAI Responses events (the API and the Codex backend alike): {@code response.output*} content,
 * {@code response.completed} at the end, {@code response.failed} or {@code error} on failure.
 */
final class ResponsesEvents extends UpstreamEvents {

  ResponsesEvents(JsonMapper json) {
    super(json);
  }

  @Override
  public Signal observe(SseEvent event) {
    String name = event.name();
    if (name.equals("response.failed") || name.equals("error")) {
      return error(RequestFaults.errorOf(parse(event.data())));
    }
    if (name.equals("response.completed") || name.equals("response.incomplete")) {
      JsonNode response = field(parse(event.data()), "response");
      readUsage(field(response, "usage"));
      model(field(response, "model"));
      return Signal.TERMINAL;
    }
    return name.startsWith("response.output") ? Signal.CONTENT : Signal.OTHER;
  }
}
