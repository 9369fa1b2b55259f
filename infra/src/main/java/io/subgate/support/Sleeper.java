package io.subgate.support;

import java.time.Duration;

/** Every wait in Subgate goes through this, so tests can make waits instant or observable. */
@FunctionalInterface
public interface Sleeper {

  /**
   * @throws InterruptedException when the waiting thread is interrupted (cancellation)
   */
  void sleep(Duration duration) throws InterruptedException;

  Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
