package io.subgate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.subgate.testing.InMemoryPriceOverrides;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PriceBookTest {
  private final PriceTable bundled = PriceBook.bundled(JsonMapper.createDefault());
  private final ModelPrice own =
      new ModelPrice("my-model", new Rates(1_000_000, 2_000_000, 0, 0, 0, -1), "override");

  @Test
  void anOverrideIsSeen_atOnceByAReload_andWithinTheIntervalOtherwise() {
    InMemoryPriceOverrides store = new InMemoryPriceOverrides();
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC);
    PriceBook book = new PriceBook(store, bundled, clock, Duration.ofSeconds(30));

    assertTrue(book.table().find("my-model").isEmpty());
    store.put(own);
    assertTrue(book.table().find("my-model").isEmpty(), "the loaded table is fresh");
    assertEquals(own, book.reload().find("my-model").orElseThrow());
    assertTrue(book.table().version().startsWith(bundled.version() + "+o"));
  }

  @Test
  void aStoreThatCannotBeRead_keepsTheLastTable() {
    AtomicBoolean down = new AtomicBoolean();
    InMemoryPriceOverrides store = new InMemoryPriceOverrides();
    store.put(own);
    PriceOverrides flaky =
        new PriceOverrides() {
          @Override
          public List<ModelPrice> all() {
            if (down.get()) {
              throw new IllegalStateException("database down");
            }
            return store.all();
          }

          @Override
          public void put(ModelPrice price) {}

          @Override
          public boolean remove(String model) {
            return false;
          }
        };
    PriceBook book = new PriceBook(flaky, bundled, Clock.systemUTC(), Duration.ofSeconds(30));
    PriceTable before = book.table();

    down.set(true);

    assertSame(before, book.reload());
    assertEquals(own, book.table().find("my-model").orElseThrow());
  }
}
