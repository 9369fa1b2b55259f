package io.subgate.support;

import java.util.concurrent.ThreadFactory;

/** Threads for background work that must never keep a JVM (or a Lambda sandbox) alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads all named {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
