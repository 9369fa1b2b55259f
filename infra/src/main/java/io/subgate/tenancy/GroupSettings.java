package io.subgate.tenancy;

import io.subgate.account.ModelMapping;
import io.subgate.account.Platform;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an operator sets on a group beyond its accounts.
 *
 * @param modelMapping a requested model → the model asked of the group's accounts (exact, or a
 *     trailing-{@code *} pattern), applied before selection
 * @param defaultModels per platform, the model its accounts are asked for when the requested one is
 *     not theirs (a Claude model on an OpenAI account of a mixed group)
 * @param fallbackGroupId the group serving requests whose client this group's accounts do not serve
 *     (a subscription pool's other clients); its own fallback is not followed
 * @param rateMultiplier what a request served by the group is charged: its cost at API prices times
 *     this (and its account's multiplier)
 */
public record GroupSettings(
    ModelMapping modelMapping,
    Map<Platform, String> defaultModels,
    @Nullable Long fallbackGroupId,
    BigDecimal rateMultiplier) {
  public static final GroupSettings NONE = new GroupSettings(ModelMapping.NONE, Map.of(), null);

  public GroupSettings {
    rateMultiplier = io.subgate.pricing.Charges.normalized(rateMultiplier);
    defaultModels = defaultModels.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(defaultModels));
  }

  public GroupSettings(
      ModelMapping modelMapping,
      Map<Platform, String> defaultModels,
      @Nullable Long fallbackGroupId) {
    this(modelMapping, defaultModels, fallbackGroupId, BigDecimal.ONE);
  }
}
