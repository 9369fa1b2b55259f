package io.subgate.gateway.proxy;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a transport that learns of a client's departure outside Micronaut reaches the exchanges it
 * carries. Netty cancels the response's publisher when a channel closes; Lambda's streamed answer
 * only sees its connection close, and a write would notice only at the next event, which may be
 * seconds away. The transport listens around the request's handling on its own thread; each
 * exchange begun there registers how to end itself.
 */
public final class ClientDepartures {
  private static final ThreadLocal<@Nullable Consumer<Runnable>> LISTENER = new ThreadLocal<>();

  private ClientDepartures() {}

  /**
   * Runs {@code work}; exchanges it begins on this thread hand their cancel to {@code listener}.
   */
  public static void listening(Consumer<Runnable> listener, Runnable work) {
    LISTENER.set(listener);
    try {
      work.run();
    } finally {
      LISTENER.remove();
    }
  }

  /** Registers {@code cancel} with the transport listening on this thread, if any. */
  static void register(Runnable cancel) {
    Consumer<Runnable> listener = LISTENER.get();
    if (listener != null) {
      listener.accept(cancel);
    }
  }
}
