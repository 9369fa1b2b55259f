package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.Route;
import java.time.Clock;

/** What OpenAI's dialects share: the platform and the event readers of its two protocols. */
abstract class OpenAiDialect extends HttpDialect {

  OpenAiDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.OPENAI;
  }

  @Override
  public UpstreamEvents events(Route route) {
    return route == Route.CHAT_COMPLETIONS ? new ChatEvents(json) : new ResponsesEvents(json);
  }
}
