package io.subgate.testing.process;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.subgate.token.RefreshObserver;
import jakarta.inject.Singleton;

/**
 * Kills the JVM (no shutdown hooks, no finally blocks, lock not released) right after the
 * provider's answer was parked and before the account write: the crash the pending-rotation record
 * must survive.
 */
@Singleton
@Replaces(RefreshObserver.class)
@Requires(property = "worker.halt-after-park", value = "true")
public final class HaltAfterParkObserver implements RefreshObserver {
  public static final int EXIT_CODE = 77;

  @Override
  public void rotationParked(long accountId) {
    System.out.println("HALTING after parking account " + accountId);
    System.out.flush();
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
