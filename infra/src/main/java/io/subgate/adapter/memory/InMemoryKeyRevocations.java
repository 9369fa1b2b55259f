package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.tenancy.KeyRevocations;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** {@link KeyRevocations} of a single process (no Redis): announcements reach its own listeners. */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryKeyRevocations implements KeyRevocations {
  private final List<Consumer<Optional<String>>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void announce(Optional<String> keyHash) {
    listeners.forEach(l -> l.accept(keyHash));
  }

  @Override
  public void listen(Consumer<Optional<String>> listener) {
    listeners.add(listener);
  }
}
