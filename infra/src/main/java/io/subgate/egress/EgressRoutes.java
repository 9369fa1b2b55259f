package io.subgate.egress;

import io.micronaut.context.annotation.Value;
import io.subgate.account.Account;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which egress proxy an account's calls take: none (direct) when it names none; its proxy, read
 * from the repository and kept for {@code subgate.egress.cache-ttl} (5 s), otherwise. An account
 * naming a proxy that does not exist has no route at all — never the direct one.
 */
@Singleton
public final class EgressRoutes {
  private final ProxyRepository proxies;
  private final Clock clock;
  private final Duration ttl;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  public EgressRoutes(
      ProxyRepository proxies, Clock clock, @Value("${subgate.egress.cache-ttl:5s}") Duration ttl) {
    this.proxies = proxies;
    this.clock = clock;
    this.ttl = ttl;
  }

  private record Cached(Optional<EgressProxy> proxy, Instant until) {}

  /**
   * The proxy {@code account}'s calls leave through, or null for direct.
   *
   * @throws EgressUnavailableException when its proxy no longer exists
   */
  public @Nullable EgressProxy of(Account account) throws EgressUnavailableException {
    return byId(account.proxyId());
  }

  /** {@link #of} for a proxy id (null: direct). */
  public @Nullable EgressProxy byId(@Nullable Long proxyId) throws EgressUnavailableException {
    if (proxyId == null) {
      return null;
    }
    Instant now = clock.instant();
    Cached cached = cache.get(proxyId);
    if (cached == null || !cached.until().isAfter(now)) {
      cached = new Cached(proxies.findById(proxyId), now.plus(ttl));
      cache.put(proxyId, cached);
    }
    return cached
        .proxy()
        .orElseThrow(
            () -> new EgressUnavailableException("egress proxy " + proxyId + " does not exist"));
  }

  /** Drops what this process holds of {@code proxyId}, after an operator changed it. */
  public void forget(long proxyId) {
    cache.remove(proxyId);
  }
}
