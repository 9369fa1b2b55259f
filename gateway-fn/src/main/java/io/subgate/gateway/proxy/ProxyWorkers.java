package io.subgate.gateway.proxy;

import io.micronaut.context.annotation.Value;
import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that serve forwarded requests (a stream holds one for its whole life): at most {@code
 * subgate.proxy.max-in-flight} (512), an idle one reused, a new one made only when none is idle,
 * let go after a minute idle; no queue — a request beyond the bound is answered at once with a 503
 * in its protocol's shape and {@code Retry-After}, instead of piling up threads (Micronaut's
 * blocking pool is unbounded) until the process runs out of memory.
 */
@Singleton
final class ProxyWorkers {
  private final ThreadPoolExecutor pool;

  ProxyWorkers(@Value("${subgate.proxy.max-in-flight:512}") int maxInFlight) {
    // No core threads: below its core size a ThreadPoolExecutor makes a new thread for every task
    // even with idle ones waiting, so a core of max-in-flight made a thread per request until 512
    // lived, and again each time idle ones timed out (424 threads at 16 connections).
    pool =
        new ThreadPoolExecutor(
            0,
            maxInFlight,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.named("proxy"),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Threads alive, busy or idle. */
  int threads() {
    return pool.getPoolSize();
  }

  ExecutorService executor() {
    return pool;
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
  }
}
