package io.subgate.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Requires;
import io.subgate.support.Digests;
import io.subgate.token.BackendUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
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
  private volatile @Nullable StatefulRedisConnection<String, String> connection;

  public RedisConnection(RedisClient client, RedisNamespace settings) {
    this.client = client;
    this.timeout = settings.timeout();
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
  }

  /**
   * Runs {@code command} synchronously: one command (or one script), one round trip.
   *
   * @throws BackendUnavailableException when Redis cannot be reached or does not answer in time
   */
  public <T> T call(Function<RedisCommands<String, String>, T> command) {
    roundTrips.increment();
    try {
      return command.apply(connection().sync());
    } catch (RedisException e) {
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
          c = client.connect();
          c.setTimeout(timeout);
          connection = c;
        }
      }
    }
    return c;
  }

  @PreDestroy
  void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
