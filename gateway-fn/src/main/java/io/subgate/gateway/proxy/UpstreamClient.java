package io.subgate.gateway.proxy;

import io.subgate.egress.EgressClients;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressUnavailableException;
import io.subgate.gateway.dialect.UpstreamAnswer;
import io.subgate.gateway.dialect.UpstreamCall;
import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Sends the request an account's dialect prepared ({@link UpstreamCall}) and hands back the answer
 * as it arrives. Knows no provider.
 *
 * <p>The exchange runs on the calling (worker) thread with blocking I/O on pooled keep-alive
 * connections: no selector thread, no executor hand-off between the request and its answer.
 */
@Singleton
public final class UpstreamClient {
  private static final ContentType JSON = ContentType.create("application/json");
  // Every account of a platform shares its upstream host: the pool must not cap concurrency below
  // what the accounts' slots allow (those, not this, are the limit).
  private static final int MAX_CONNECTIONS = 4096;

  private final CloseableHttpClient http;
  private final EgressClients egress;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("upstream-header-guard"));

  public UpstreamClient(ProxySettings settings, EgressClients egress) {
    this.egress = egress;
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(
                                Timeout.ofMilliseconds(settings.connectTimeout().toMillis()))
                            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                            .build())
                    .build())
            // Bodies pass through as the upstream sent them; a failed call is the failover's
            // decision (in place or another account), never a silent resend of a POST.
            .disableContentCompression()
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .build();
  }

  /**
   * Sends {@code call} and returns once the upstream's status and headers have arrived; the body is
   * read by the caller as it comes and must be closed.
   *
   * @param via the account's egress proxy, or null for direct; a proxied call is never made direct
   * @param headerTimeout how long the status and headers may take
   * @param readTimeout the longest silence while the body is read
   * @throws SocketTimeoutException when no status line came within {@code headerTimeout}
   * @throws EgressUnavailableException when {@code via} cannot be reached
   */
  public Answer open(
      UpstreamCall call, @Nullable EgressProxy via, Duration headerTimeout, Duration readTimeout)
      throws IOException {
    HttpPost request = new HttpPost(call.uri());
    request.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()))
            .build());
    request.setEntity(new ByteArrayEntity(call.body(), JSON));
    call.headers().forEach(request::setHeader);
    // The socket timeout also bounds silences inside a body, which a stream may legitimately
    // have for longer than its headers may take: a separate guard cancels a silent start.
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> guard =
        headerTimeout.compareTo(readTimeout) < 0
            ? timer.schedule(
                () -> {
                  expired.set(true);
                  request.cancel();
                },
                headerTimeout.toMillis(),
                TimeUnit.MILLISECONDS)
            : null;
    ClassicHttpResponse response;
    try {
      CloseableHttpClient client = via == null ? http : egress.client(via);
      response = client.executeOpen(HttpHost.create(call.uri()), request, null);
    } catch (ConnectException | ConnectTimeoutException e) {
      if (via != null) {
        throw new EgressUnavailableException(
            "egress proxy " + via.name() + " (" + via.address() + ") cannot be reached", e);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      if (expired.get()) {
        throw new SocketTimeoutException(
            "no status line within " + headerTimeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      if (guard != null) {
        guard.cancel(false);
      }
    }
    return new Answer(response, new Body(request, response));
  }

  @PreDestroy
  void close() throws IOException {
    timer.shutdownNow();
    http.close();
  }

  /** The upstream's status and headers, and its body as it arrives. */
  public static final class Answer implements UpstreamAnswer {
    private final ClassicHttpResponse response;
    private final InputStream body;

    Answer(ClassicHttpResponse response, InputStream body) {
      this.response = response;
      this.body = body;
    }

    @Override
    public int status() {
      return response.getCode();
    }

    @Override
    public Optional<String> header(String name) {
      Header h = response.getFirstHeader(name);
      return h == null ? Optional.empty() : Optional.ofNullable(h.getValue());
    }

    /** The body; closing it before its end drops the connection instead of draining it. */
    public InputStream body() {
      return body;
    }
  }

  /**
   * The response body. Read to its end, the connection goes back to the pool; closed before (a
   * client gone, a stalled stream, a failover), the exchange is cancelled, which also wakes a read
   * blocked on another thread, rather than draining what may be an endless stream.
   */
  private static final class Body extends FilterInputStream {
    private final HttpPost request;
    private final ClassicHttpResponse response;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ended;

    Body(HttpPost request, ClassicHttpResponse response) throws IOException {
      super(content(response));
      this.request = request;
      this.response = response;
    }

    private static InputStream content(ClassicHttpResponse response) throws IOException {
      HttpEntity entity = response.getEntity();
      return entity == null ? InputStream.nullInputStream() : entity.getContent();
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        ended = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        ended = true;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      if (!ended) {
        request.cancel();
      }
      response.close();
    }
  }
}
