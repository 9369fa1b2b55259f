package io.subgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.subgate.adapter.memory.InMemoryRefreshLock;
import io.subgate.token.OrderedRefreshLock.NamedLock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OrderedRefreshLockTest {
  private static final RefreshLock DOWN =
      new RefreshLock() {
        @Override
        public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
          throw new BackendUnavailableException("redis", new IllegalStateException("refused"));
        }

        @Override
        public boolean release(Lease lease) {
          throw new BackendUnavailableException("redis", new IllegalStateException("refused"));
        }
      };

  @Test
  void unavailableFirstBackend_handsOverToTheNext_andWarnsOncePerInterval() {
    InMemoryRefreshLock second = new InMemoryRefreshLock(Clock.systemUTC());
    OrderedRefreshLock lock =
        new OrderedRefreshLock(
            List.of(new NamedLock("redis", DOWN), new NamedLock("dynamodb", second)));
    Logger logger = (Logger) LoggerFactory.getLogger(OrderedRefreshLock.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      for (int i = 0; i < 50; i++) {
        Lease lease = lock.tryAcquire("k" + i, Duration.ofSeconds(5)).orElseThrow();
        assertEquals("dynamodb", lease.backend());
        assertTrue(lock.release(lease));
      }
    } finally {
      logger.detachAppender(captured);
    }
    assertEquals(1, captured.list.size(), "one warning for 50 hand-overs");
  }

  @Test
  void heldByAnother_isFinal_andAllDown_throws() {
    InMemoryRefreshLock first = new InMemoryRefreshLock(Clock.systemUTC());
    InMemoryRefreshLock second = new InMemoryRefreshLock(Clock.systemUTC());
    OrderedRefreshLock lock =
        new OrderedRefreshLock(
            List.of(new NamedLock("redis", first), new NamedLock("dynamodb", second)));
    assertTrue(first.tryAcquire("k", Duration.ofSeconds(5)).isPresent());
    assertTrue(lock.tryAcquire("k", Duration.ofSeconds(5)).isEmpty(), "no hand-over on a refusal");

    OrderedRefreshLock allDown = new OrderedRefreshLock(List.of(new NamedLock("redis", DOWN)));
    assertThrows(
        BackendUnavailableException.class, () -> allDown.tryAcquire("k", Duration.ofSeconds(1)));
  }
}
