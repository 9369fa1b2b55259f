package io.subgate.gateway.client;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.proxy.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * The forwarding endpoints. Each hands the request to {@link Proxy} on a worker thread and returns
 * at once; the response (complete, or an event stream) follows when the path decides it.
 */
@Controller
public class ProxyController {
  private final Proxy proxy;

  public ProxyController(Proxy proxy) {
    this.proxy = proxy;
  }

  @Post(uri = "/v1/messages", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> messages(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return proxy.handle(Route.MESSAGES, request.getHeaders(), request.getUri().getRawQuery(), body);
  }

  @Post(uri = "/v1/messages/count_tokens", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> countTokens(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return proxy.handle(
        Route.COUNT_TOKENS, request.getHeaders(), request.getUri().getRawQuery(), body);
  }

  @Post(uri = "/v1/chat/completions", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> chatCompletions(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return proxy.handle(
        Route.CHAT_COMPLETIONS, request.getHeaders(), request.getUri().getRawQuery(), body);
  }

  @Post(uri = "/v1/responses", consumes = MediaType.ALL, produces = MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<?>> responses(
      HttpRequest<?> request, @Body byte @Nullable [] body) {
    return proxy.handle(
        Route.RESPONSES, request.getHeaders(), request.getUri().getRawQuery(), body);
  }
}
