package io.subgate.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Requires;
import io.subgate.support.DaemonThreads;
import io.subgate.tenancy.KeyRevocations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyRevocations} over Redis pub/sub: one channel per namespace, the key hash (or {@code *})
 * as the message. Listening starts with the first listener on a connection of its own, checked
 * every second and opened again when Redis dropped it; announcing is one {@code PUBLISH} on the
 * shared connection, and this process's listeners hear it directly too, Redis or not.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisKeyRevocations implements KeyRevocations {
  private static final Logger LOG = LoggerFactory.getLogger(RedisKeyRevocations.class);
  static final String ALL = "*";

  private final RedisConnection redis;
  private final RedisClient client;
  private final String channel;
  private final List<Consumer<Optional<String>>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService keeper =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("key-revocations"));
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;
  private volatile boolean started;

  public RedisKeyRevocations(RedisConnection redis, RedisClient client, RedisNamespace namespace) {
    this.redis = redis;
    this.client = client;
    this.channel = namespace.prefix() + "auth:revoked";
  }

  @Override
  public void announce(Optional<String> keyHash) {
    String message = keyHash.orElse(ALL);
    deliver(message);
    try {
      redis.call(c -> c.publish(channel, message));
    } catch (RuntimeException e) {
      LOG.warn("auth.revocation_not_published error={}", e.getClass().getSimpleName());
    }
  }

  @Override
  public synchronized void listen(Consumer<Optional<String>> listener) {
    listeners.add(listener);
    if (!started) {
      started = true;
      keeper.scheduleWithFixedDelay(this::keepSubscribed, 0, 1, TimeUnit.SECONDS);
    }
  }

  /** Whether the subscription is open (for tests and health). */
  public boolean subscribed() {
    StatefulRedisPubSubConnection<String, String> s = subscription;
    return s != null && s.isOpen();
  }

  private void keepSubscribed() {
    if (subscribed()) {
      return;
    }
    try {
      StatefulRedisPubSubConnection<String, String> s = client.connectPubSub();
      s.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
              deliver(message);
            }
          });
      s.sync().subscribe(channel);
      subscription = s;
    } catch (RedisException e) {
      LOG.debug("auth.revocations_not_subscribed error={}", e.getClass().getSimpleName());
    }
  }

  private void deliver(String message) {
    Optional<String> hash = ALL.equals(message) ? Optional.empty() : Optional.of(message);
    listeners.forEach(l -> l.accept(hash));
  }

  @PreDestroy
  void close() {
    keeper.shutdownNow();
    StatefulRedisPubSubConnection<String, String> s = subscription;
    if (s != null) {
      s.close();
    }
  }
}
