package io.subgate.gateway.proxy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Anthropic Messages: {@code POST /v1/messages}. */
@Controller
public class MessagesController {
  private final Proxy proxy;

  public MessagesController(Proxy proxy) {
    this.proxy = proxy;
  }

  @Post(uri = "/v1/messages", consumes = MediaType.ALL, produces = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> messages(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return proxy.handle(ClientProtocol.ANTHROPIC, "/v1/messages", request.getHeaders(), body);
  }
}
