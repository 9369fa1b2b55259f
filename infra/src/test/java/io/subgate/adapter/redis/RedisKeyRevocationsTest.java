package io.subgate.adapter.redis;

import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.subgate.tenancy.KeyRevocations;
import io.subgate.tenancy.KeyRevocationsContract;
import io.subgate.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Two application contexts on one Redis namespace stand for two gateway processes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisKeyRevocationsTest extends KeyRevocationsContract {
  private final String namespace = TestServices.freshRedisNamespace();
  private ApplicationContext first;
  private ApplicationContext second;

  @BeforeAll
  void start() {
    first = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
    second = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
  }

  @AfterAll
  void stop() {
    first.close();
    second.close();
  }

  @Override
  protected KeyRevocations announcer() {
    return first.getBean(KeyRevocations.class);
  }

  @Override
  protected KeyRevocations listener() {
    return second.getBean(KeyRevocations.class);
  }

  @Override
  protected void awaitListening(KeyRevocations revocations) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ((RedisKeyRevocations) revocations).subscribed());
  }
}
