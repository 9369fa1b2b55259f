package io.subgate.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Requires;
import io.subgate.support.Digests;
import io.subgate.token.BackendUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one Redis connection of a process, opened on first use rather than at startup: an unreachable
 * Redis must not stop a function from starting (it degrades instead), and a connection made before
 * a SnapStart snapshot would be stale after restore. Commands fail fast while disconnected and time
 * out after {@code subgate.redis.timeout}.
 */
@Singleton
@Requires(property = "redis.uri")
public class RedisConnection {
  private final RedisClient client;
  private final Duration timeout;
  private final LongAdder roundTrips = new LongAdder();
  private final Map<String, String> digests = new ConcurrentHashMap<>();
  private static final Duration RECONNECT_EVERY = Duration.ofMillis(250);

  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private volatile long nextConnectNanos = Long.MIN_VALUE;

  public RedisConnection(RedisClient client, RedisNamespace settings) {
    this.client = client;
    this.timeout = settings.timeout();
    // No background reconnect with Lettuce's backoff (up to 30 s): a lost connection is dropped and
    // the next call connects again, at most every RECONNECT_EVERY, so a Redis that answers again is
    // used again within about a quarter of a second.
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .build());
  }

  /**
   * Runs {@code command} synchronously: one command (or one script), one round trip.
   *
   * @throws BackendUnavailableException when Redis cannot be reached or does not answer in time
   */
  public <T> T call(Function<RedisCommands<String, String>, T> command) {
    roundTrips.increment();
    StatefulRedisConnection<String, String> c = connection();
    try {
      return command.apply(c.sync());
    } catch (RedisException e) {
      if (!c.isOpen()) {
        drop(c);
      }
      throw new BackendUnavailableException("redis", e);
    }
  }

  /**
   * Runs a Lua script: one round trip. Sent by digest ({@code EVALSHA}), so Redis neither receives
   * nor hashes the script's text per call; the first call after a Redis restart or {@code SCRIPT
   * FLUSH} sends the text once ({@code EVAL} also caches it).
   */
  public <T> T script(String lua, ScriptOutputType type, String[] keys, String... args) {
    String sha = digests.computeIfAbsent(lua, Digests::sha1Hex);
    return call(
        c -> {
          try {
            return c.evalsha(sha, type, keys, args);
          } catch (RedisNoScriptException e) {
            return c.eval(lua, type, keys, args);
          }
        });
  }

  /**
   * {@link #script} without waiting: the answer completes the stage on Lettuce's event loop (keep
   * what follows it short and non-blocking). Fails the stage with {@link
   * BackendUnavailableException} when Redis cannot be reached or does not answer in time.
   */
  public <T> CompletionStage<T> scriptAsync(
      String lua, ScriptOutputType type, String[] keys, String... args) {
    roundTrips.increment();
    String sha = digests.computeIfAbsent(lua, Digests::sha1Hex);
    StatefulRedisConnection<String, String> c;
    try {
      c = connection();
    } catch (BackendUnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
    RedisAsyncCommands<String, String> async = c.async();
    CompletionStage<T> answer;
    try {
      answer =
          async
              .<T>evalsha(sha, type, keys, args)
              .exceptionallyCompose(
                  e ->
                      unwrap(e) instanceof RedisNoScriptException
                          ? async.<T>eval(lua, type, keys, args)
                          : CompletableFuture.failedFuture(e));
    } catch (RedisException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle(
        (value, e) -> {
          if (e == null) {
            return value;
          }
          if (!c.isOpen()) {
            drop(c);
          }
          throw new BackendUnavailableException("redis", unwrap(e));
        });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Commands sent since start, each one network round trip; what the hot-path budget counts. */
  public long roundTrips() {
    return roundTrips.sum();
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      synchronized (this) {
        c = connection;
        if (c == null) {
          if (System.nanoTime() < nextConnectNanos) {
            throw new BackendUnavailableException(
                "redis", new RedisException("not connected; next attempt shortly"));
          }
          try {
            c = client.connect();
          } catch (RedisException e) {
            nextConnectNanos = System.nanoTime() + RECONNECT_EVERY.toNanos();
            throw new BackendUnavailableException("redis", e);
          }
          c.setTimeout(timeout);
          connection = c;
        }
      }
    }
    return c;
  }

  private synchronized void drop(StatefulRedisConnection<String, String> lost) {
    if (connection == lost) {
      connection = null;
      lost.closeAsync();
    }
  }

  @PreDestroy
  void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
