package io.subgate.egress;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP client per egress proxy, with its own connection pool, built when the proxy is first
 * used and again when its version moves (a changed address or password never reuses a connection
 * opened before). A client only ever connects through its proxy: none has a direct route.
 */
@Singleton
public final class EgressClients {
  private static final int MAX_CONNECTIONS = 1024;

  private final Duration connectTimeout;
  private final Map<Long, Built> clients = new ConcurrentHashMap<>();
  private final List<CloseableHttpClient> retired = new ArrayList<>();

  public EgressClients(@Value("${subgate.egress.connect-timeout:5s}") Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  private record Built(long version, CloseableHttpClient client) {}

  /** The client of {@code proxy} at its current version. */
  public CloseableHttpClient client(EgressProxy proxy) {
    Built built = clients.get(proxy.id());
    if (built != null && built.version() == proxy.version()) {
      return built.client();
    }
    synchronized (this) {
      Built now = clients.get(proxy.id());
      if (now != null && now.version() == proxy.version()) {
        return now.client();
      }
      if (now != null) {
        retired.add(now.client()); // requests in flight on it finish; closed at shutdown
      }
      CloseableHttpClient client = build(proxy);
      clients.put(proxy.id(), new Built(proxy.version(), client));
      return client;
    }
  }

  private CloseableHttpClient build(EgressProxy proxy) {
    ConnectionConfig connection =
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
            .build();
    PoolingHttpClientConnectionManager pool =
        proxy.kind() == ProxyKind.SOCKS5
            ? socksPool(proxy)
            : new PoolingHttpClientConnectionManager();
    pool.setDefaultConnectionConfig(connection);
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setDefaultMaxPerRoute(MAX_CONNECTIONS);
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            // As the direct upstream client: bodies as sent, no silent resend, no redirects.
            .disableContentCompression()
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement();
    if (proxy.kind() == ProxyKind.HTTP) {
      builder.setProxy(new HttpHost(proxy.host(), proxy.port()));
      String user = proxy.username();
      if (user != null) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        String password = proxy.password();
        credentials.setCredentials(
            new AuthScope(proxy.host(), proxy.port()),
            new UsernamePasswordCredentials(
                user, (password == null ? "" : password).toCharArray()));
        builder.setDefaultCredentialsProvider(credentials);
      }
    }
    return builder.build();
  }

  /** A pool whose sockets connect through the SOCKS5 proxy; target names resolved there. */
  private static PoolingHttpClientConnectionManager socksPool(EgressProxy proxy) {
    InetSocketAddress address = InetSocketAddress.createUnresolved(proxy.host(), proxy.port());
    return new PoolingHttpClientConnectionManager(
        new DefaultHttpClientConnectionOperator(
            socks -> new Socks5Socket(resolved(address), proxy.username(), proxy.password()),
            DefaultSchemePortResolver.INSTANCE,
            new ProxyResolves(),
            RegistryBuilder.<TlsSocketStrategy>create()
                .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createDefault())
                .build()),
        PoolConcurrencyPolicy.STRICT,
        PoolReusePolicy.LIFO,
        TimeValue.NEG_ONE_MILLISECOND,
        null);
  }

  private static InetSocketAddress resolved(InetSocketAddress unresolved) {
    return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
  }

  /**
   * Leaves names to the SOCKS5 proxy: a name becomes an address that carries it (the socket sends
   * the name); a literal is itself.
   */
  private static final class ProxyResolves implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
      boolean literal = host.contains(":") || host.matches("[0-9.]+");
      return new InetAddress[] {
        literal ? InetAddress.getByName(host) : InetAddress.getByAddress(host, new byte[4])
      };
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  @PreDestroy
  synchronized void close() throws IOException {
    for (Built b : clients.values()) {
      b.client().close();
    }
    for (CloseableHttpClient c : retired) {
      c.close();
    }
    clients.clear();
    retired.clear();
  }
}
