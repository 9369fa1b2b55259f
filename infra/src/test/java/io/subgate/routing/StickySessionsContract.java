package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link StickySessions} must do; run against the in-process and Redis adapters. */
public abstract class StickySessionsContract {
  /** Long enough that no binding of a test expires while it runs, whatever {@link #ttl()} is. */
  private static final Duration LONG = Duration.ofMinutes(5);

  protected abstract StickySessions sessions();

  /** Lets {@code ttl} pass. */
  protected abstract void pass(Duration ttl);

  protected Duration ttl() {
    return Duration.ofHours(1);
  }

  @Test
  void bind_get_drop() {
    String hash = UUID.randomUUID().toString();
    assertTrue(sessions().getAndTouch(1, hash, ttl()).isEmpty());
    sessions().bind(1, hash, 42, ttl());
    assertEquals(Optional.of(42L), sessions().getAndTouch(1, hash, ttl()));
    assertTrue(sessions().getAndTouch(2, hash, ttl()).isEmpty(), "bindings are per group");
    sessions().drop(1, hash);
    assertTrue(sessions().getAndTouch(1, hash, ttl()).isEmpty());
  }

  @Test
  void bindingsExpire_unlessTouched() {
    String touched = UUID.randomUUID().toString();
    String idle = UUID.randomUUID().toString();
    sessions().bind(1, touched, 7, ttl());
    sessions().bind(1, idle, 8, ttl());
    pass(ttl().multipliedBy(2).dividedBy(3));
    assertEquals(Optional.of(7L), sessions().getAndTouch(1, touched, ttl()));
    pass(ttl().multipliedBy(2).dividedBy(3));
    assertEquals(Optional.of(7L), sessions().getAndTouch(1, touched, ttl()), "extended by the hit");
    assertTrue(sessions().getAndTouch(1, idle, ttl()).isEmpty(), "idle binding expired");
  }

  @Test
  void anAccountsBindings_areDroppedInEveryGroup_othersStay() {
    long gone = 1_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
    long kept = gone + 1;
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String c = UUID.randomUUID().toString();
    sessions().bind(1, a, gone, LONG);
    sessions().bind(2, b, gone, LONG);
    sessions().bind(1, c, kept, LONG);

    assertEquals(2, sessions().dropAccount(gone));

    assertTrue(sessions().getAndTouch(1, a, LONG).isEmpty());
    assertTrue(sessions().getAndTouch(2, b, LONG).isEmpty());
    assertEquals(Optional.of(kept), sessions().getAndTouch(1, c, LONG));
    assertEquals(0, sessions().dropAccount(gone), "nothing left to drop");
  }
}
