package io.subgate.pricing;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.support.BackgroundReloads;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price table every process prices with: the bundled {@code pricing/prices.json} under the
 * operator's overrides, re-read in the background past half of {@code subgate.pricing.reload} (30
 * s), as {@link io.subgate.routing.CandidateCache} does, so pricing a request never waits on the
 * database. The process that changes an override reloads at once; the others within the reload
 * interval. An overrides store that cannot be read keeps the last table.
 */
@Singleton
public final class PriceBook {
  private static final Logger LOG = LoggerFactory.getLogger(PriceBook.class);
  static final String RESOURCE = "pricing/prices.json";

  private record Loaded(PriceTable table, Instant at) {}

  private final PriceOverrides overrides;
  private final Clock clock;
  private final Duration reload;
  private final String bundledVersion;
  private final BackgroundReloads<String> reloads = new BackgroundReloads<>("price-reload");
  private volatile Loaded loaded;

  @Inject
  public PriceBook(
      PriceOverrides overrides,
      JsonMapper json,
      Clock clock,
      @Value("${subgate.pricing.reload:30s}") Duration reload) {
    this(overrides, bundled(json), clock, reload);
  }

  public PriceBook(PriceOverrides overrides, PriceTable bundled, Clock clock, Duration reload) {
    this.overrides = overrides;
    this.clock = clock;
    this.reload = reload;
    this.bundledVersion = bundled.version();
    this.loaded = new Loaded(bundled, Instant.MIN);
  }

  /** The prices in force. */
  public PriceTable table() {
    Loaded l = loaded;
    Instant now = clock.instant();
    if (l.at().equals(Instant.MIN)) {
      return reload();
    }
    if (Duration.between(l.at(), now).compareTo(reload.dividedBy(2)) >= 0) {
      reloads.submit("prices", this::reload);
    }
    return l.table();
  }

  /** Reads the overrides now (after this process changed one). */
  public PriceTable reload() {
    Loaded l = loaded;
    try {
      PriceTable t = l.table().withOverrides(bundledVersion, overrides.all());
      loaded = new Loaded(t, clock.instant());
      return t;
    } catch (RuntimeException e) {
      LOG.warn("prices.reload_failed error={}", e.getClass().getSimpleName());
      loaded = new Loaded(l.table(), clock.instant());
      return l.table();
    }
  }

  /** The table shipped in the jar. */
  public static PriceTable bundled(JsonMapper json) {
    try (InputStream in =
        Objects.requireNonNull(
            PriceBook.class.getClassLoader().getResourceAsStream(RESOURCE), RESOURCE)) {
      JsonNode root = json.readValue(in.readAllBytes(), JsonNode.class);
      List<ModelPrice> prices = new ArrayList<>();
      for (JsonNode p : root.get("prices").values()) {
        prices.add(PriceJson.read(p, "bundled"));
      }
      return new PriceTable(root.get("version").getStringValue(), List.of(), prices);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
