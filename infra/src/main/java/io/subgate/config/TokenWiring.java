package io.subgate.config;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.subgate.adapter.dynamodb.DynamoDbRefreshLock;
import io.subgate.adapter.memory.InMemoryRefreshLock;
import io.subgate.adapter.redis.RedisConnection;
import io.subgate.adapter.redis.RedisNamespace;
import io.subgate.adapter.redis.RedisRefreshLock;
import io.subgate.token.OrderedRefreshLock;
import io.subgate.token.OrderedRefreshLock.NamedLock;
import io.subgate.token.RefreshLock;
import io.subgate.token.RefreshObserver;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the refresh lock from the configured backends. */
@Factory
public class TokenWiring {
  private static final Logger LOG = LoggerFactory.getLogger(TokenWiring.class);

  @Singleton
  RefreshLock refreshLock(
      LockSettings settings,
      RuntimeSettings runtime,
      Optional<RedisConnection> redis,
      RedisNamespace namespace,
      BeanProvider<DynamoDbClient> dynamo,
      Clock clock) {
    List<NamedLock> backends = new ArrayList<>();
    for (String name : settings.order()) {
      String backend = name.trim().toLowerCase(Locale.ROOT);
      if (backend.equals("redis") && redis.isPresent()) {
        backends.add(new NamedLock("redis", new RedisRefreshLock(redis.get(), namespace)));
      } else if (backend.equals("dynamodb") && settings.dynamodbTable() != null) {
        backends.add(
            new NamedLock(
                "dynamodb",
                new DynamoDbRefreshLock(
                    dynamo.get(), String.valueOf(settings.dynamodbTable()), clock)));
      } else if (!backend.equals("redis") && !backend.equals("dynamodb")) {
        throw new IllegalStateException(
            "unknown lock backend '" + name + "' in subgate.lock.order");
      }
    }
    if (backends.isEmpty()) {
      if (!runtime.local()) {
        throw new IllegalStateException(
            "production mode needs a refresh-lock backend: REDIS_URI or SUBGATE_LOCK_DYNAMODB_TABLE");
      }
      // One local process: an in-process lock is a real lock here.
      backends.add(new NamedLock("memory", new InMemoryRefreshLock(clock)));
    }
    OrderedRefreshLock lock = new OrderedRefreshLock(backends);
    LOG.info("refresh_lock.backends order={}", lock.backendNames());
    return lock;
  }

  @Singleton
  RefreshObserver refreshObserver() {
    return RefreshObserver.NONE;
  }
}
