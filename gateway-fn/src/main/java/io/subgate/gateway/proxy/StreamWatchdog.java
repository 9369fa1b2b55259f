package io.subgate.gateway.proxy;

import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ends upstream streams that stall: before the first content event, one that has not produced it
 * within the first-token limit; at any time, one silent for longer than the idle limit. Ending
 * means closing the upstream body, which makes the relaying thread's read fail at once.
 */
@Singleton
public final class StreamWatchdog {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stream-watchdog"));

  @PreDestroy
  void close() {
    timer.shutdownNow();
  }

  /** Watches {@code body} from now; stop the watch when the relay ends. */
  Watch watch(Closeable body, Duration firstContent, Duration idle) {
    Watch w = new Watch(body, firstContent.toNanos(), idle.toNanos());
    long every =
        Math.max(20, Math.min(1000, Math.min(firstContent.toMillis(), idle.toMillis()) / 4));
    w.task = timer.scheduleAtFixedRate(w::check, every, every, TimeUnit.MILLISECONDS);
    return w;
  }

  /** One stream's timers. */
  static final class Watch {
    private final Closeable body;
    private final long started = System.nanoTime();
    private final long firstContentNanos;
    private final long idleNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean content;
    private volatile String timedOut = "";
    private volatile @Nullable ScheduledFuture<?> task;

    private Watch(Closeable body, long firstContentNanos, long idleNanos) {
      this.body = body;
      this.firstContentNanos = firstContentNanos;
      this.idleNanos = idleNanos;
    }

    /** Bytes arrived. */
    void activity() {
      lastActivity = System.nanoTime();
    }

    /** The first content event arrived: only the idle limit applies from now. */
    void contentStarted() {
      content = true;
    }

    /** Why the stream was ended, or empty when it was not. */
    String timedOut() {
      return timedOut;
    }

    void stop() {
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }

    private void check() {
      long now = System.nanoTime();
      String reason = "";
      if (!content && now - started > firstContentNanos) {
        reason = "no content within " + Duration.ofNanos(firstContentNanos).toMillis() + " ms";
      } else if (now - lastActivity > idleNanos) {
        reason = "upstream silent for " + Duration.ofNanos(idleNanos).toMillis() + " ms";
      }
      if (!reason.isEmpty()) {
        timedOut = reason;
        stop();
        try {
          body.close();
        } catch (IOException e) {
          // Already broken; the relay sees the failure either way.
        }
      }
    }
  }
}
