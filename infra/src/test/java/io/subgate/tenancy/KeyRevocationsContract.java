package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link KeyRevocations} does; subclasses give the adapter's "processes". */
public abstract class KeyRevocationsContract {

  /** The announcer's view. */
  protected abstract KeyRevocations announcer();

  /** A listener: another process's view where the adapter has several, else the same. */
  protected abstract KeyRevocations listener();

  /** Waits until {@code revocations} would hear announcements (a subscription is up). */
  protected void awaitListening(KeyRevocations revocations) throws InterruptedException {}

  @Test
  void anAnnouncement_reachesTheListeners_keyByKeyAndAll() throws InterruptedException {
    BlockingQueue<Optional<String>> heard = new LinkedBlockingQueue<>();
    BlockingQueue<Optional<String>> own = new LinkedBlockingQueue<>();
    listener().listen(heard::add);
    announcer().listen(own::add);
    awaitListening(listener());

    announcer().announce(Optional.of("hash-1"));
    announcer().announce(Optional.empty());

    assertEquals(Optional.of("hash-1"), heard.poll(5, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), heard.poll(5, TimeUnit.SECONDS));
    // The announcing process hears itself at once (and may hear its own message again through
    // the shared channel: invalidating twice is harmless).
    assertEquals(Optional.of("hash-1"), own.poll(1, TimeUnit.SECONDS));
    assertTrue(own.contains(Optional.empty()), own.toString());
  }
}
