package io.subgate.concurrency;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held slot. {@link #close} releases it exactly once, however often and from whichever thread it
 * is called (request end, client disconnect, error path).
 */
public final class Slot implements AutoCloseable {
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  private Slot(Runnable release) {
    this.release = release;
  }

  /** A held slot whose {@code release} runs on the first close. */
  public static Slot held(Runnable release) {
    return new Slot(release);
  }

  /** A slot of an unlimited pool: nothing to release. */
  static Slot unlimited() {
    return new Slot(() -> {});
  }

  public boolean released() {
    return released.get();
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }
}
