package io.subgate.tenancy;

import io.subgate.account.Account;
import io.subgate.account.ModelFamilies;
import io.subgate.account.Platform;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A pool of accounts that API keys are bound to: of one platform, or of several (a mixed group,
 * whose requests may be converted to any of them and fail over across providers).
 *
 * @param platforms the platforms whose accounts the group may hold; never empty
 * @param version incremented by every operator change; the compare-and-set fence of updates
 */
public record Group(
    long id,
    String name,
    Set<Platform> platforms,
    GroupSettings settings,
    long version,
    Instant createdAt) {

  public Group {
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("a group serves at least one platform");
    }
    platforms = Set.copyOf(EnumSet.copyOf(platforms));
  }

  /** A group of one platform with no settings. */
  public Group(long id, String name, Platform platform, Instant createdAt) {
    this(id, name, Set.of(platform), GroupSettings.NONE, 0, createdAt);
  }

  /** Whether the group holds accounts of more than one platform. */
  public boolean mixed() {
    return platforms.size() > 1;
  }

  public boolean serves(Platform platform) {
    return platforms.contains(platform);
  }

  /** The platform's wire name, or {@code mixed}. */
  public String platformName() {
    return mixed() ? "mixed" : platforms.iterator().next().wireName();
  }

  /** The platforms' wire names, in declaration order, comma-separated. */
  public String platformList() {
    return EnumSet.copyOf(platforms).stream()
        .map(Platform::wireName)
        .collect(Collectors.joining(", "));
  }

  /**
   * The model {@code account} is asked for when a client of this group asks for {@code requested},
   * or null when the account cannot serve it: the group's mapping first; then the name as it is
   * when the account lists it (or its key mapping names it), or when the account serves every model
   * and the name is of its platform's family (in a single-platform group with no default for the
   * platform: any name, as relays serve names of their own); else the group's default model for the
   * account's platform, when the account serves that.
   */
  public @Nullable String upstreamModel(String requested, Account account) {
    String mapped = settings.modelMapping().upstreamName(requested);
    boolean servesAll = account.models().isEmpty() && account.mapping().isEmpty();
    String fallback = settings.defaultModels().get(account.platform());
    if (servesAll) {
      boolean own = ModelFamilies.of(account.platform(), mapped);
      if (own || (fallback == null && !mixed())) {
        return mapped;
      }
      return fallback;
    }
    if (account.supports(mapped)) {
      return mapped;
    }
    return fallback != null && account.supports(fallback) ? fallback : null;
  }
}
