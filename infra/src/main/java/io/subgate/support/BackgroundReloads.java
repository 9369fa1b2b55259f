package io.subgate.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reload-ahead for the request path's in-process caches: an entry past half its life is reloaded on
 * one background thread, at most one reload per key at a time, while requests keep using the
 * current copy; only an entry past its full life is re-read on a request thread. A failed reload
 * changes nothing.
 */
public final class BackgroundReloads<K> {
  private final Set<K> inFlight = ConcurrentHashMap.newKeySet();
  private final Executor executor;

  public BackgroundReloads(String threadName) {
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code reload} in the background unless one for {@code key} is already under way. */
  public void submit(K key, Runnable reload) {
    if (!inFlight.add(key)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              reload.run();
            } catch (RuntimeException e) {
              // The entry ages out and is read again on a request thread.
            } finally {
              inFlight.remove(key);
            }
          });
    } catch (RejectedExecutionException e) {
      inFlight.remove(key);
    }
  }
}
