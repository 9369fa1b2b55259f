package io.subgate.egress;

import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth side's calls for an account (token refresh, the code exchange at onboarding, project
 * discovery, the account check): sent direct with the JDK client, or through the account's egress
 * proxy — never direct when a proxy is named. Callers keep building {@link HttpRequest}s and
 * reading {@link HttpResponse}s whichever route is taken; a proxy that cannot be reached is an
 * {@link EgressUnavailableException}, a timeout an {@link HttpTimeoutException}, as from the JDK
 * client.
 */
@Singleton
public final class OAuthHttp {
  private final HttpClient direct;
  private final EgressClients proxied;

  public OAuthHttp(HttpClient direct, EgressClients proxied) {
    this.direct = direct;
    this.proxied = proxied;
  }

  /** Sends {@code request} by {@code via} (null: direct) and reads the whole body as text. */
  public HttpResponse<String> send(HttpRequest request, @Nullable EgressProxy via)
      throws IOException, InterruptedException {
    if (via == null) {
      return direct.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
    HttpUriRequestBase out = new HttpUriRequestBase(request.method(), request.uri());
    request
        .timeout()
        .ifPresent(
            t ->
                out.setConfig(
                    RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(t.toMillis()))
                        .build()));
    String contentType = null;
    for (Map.Entry<String, List<String>> h : request.headers().map().entrySet()) {
      for (String value : h.getValue()) {
        if (h.getKey().equalsIgnoreCase("content-type")) {
          contentType = value;
        } else {
          out.addHeader(h.getKey(), value);
        }
      }
    }
    byte[] body = body(request);
    if (body.length > 0 || request.method().equals("POST")) {
      out.setEntity(
          new ByteArrayEntity(
              body, contentType == null ? null : ContentType.parseLenient(contentType)));
    }
    try {
      return proxied
          .client(via)
          .execute(
              out,
              response -> {
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header h : response.getHeaders()) {
                  headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
                }
                String text =
                    response.getEntity() == null
                        ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Answer(request, response.getCode(), headers, text);
              });
    } catch (ConnectException | ConnectTimeoutException e) {
      throw new EgressUnavailableException(
          "egress proxy " + via.name() + " (" + via.address() + ") cannot be reached", e);
    } catch (InterruptedIOException e) {
      HttpTimeoutException timeout = new HttpTimeoutException("timed out via " + via.name());
      timeout.initCause(e);
      throw timeout;
    }
  }

  /** The bytes of a request's body publisher (the JDK's publishers emit them on request). */
  private static byte[] body(HttpRequest request) throws IOException {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher
        .get()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }

              @Override
              public void onComplete() {
                done.complete(null);
              }
            });
    try {
      done.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("request body could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading the request body");
    }
    return bytes.toByteArray();
  }

  /** An answer that came through a proxy, as the JDK client would have given it. */
  private record Answer(
      HttpRequest request, int statusCode, Map<String, List<String>> headerMap, String body)
      implements HttpResponse<String> {

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(headerMap, (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
