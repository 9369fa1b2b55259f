package io.subgate.rules;

import io.subgate.account.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One operator rule.
 *
 * @param accountId the account it holds for (null: any)
 * @param platform the platform it holds for (null: any)
 * @param status the upstream status it matches
 * @param keyword matched case-blind anywhere in the upstream's body (null: any body)
 * @param cooldown how long {@link Action#COOLDOWN} parks the account
 */
public record ErrorRule(
    long id,
    @Nullable Long accountId,
    @Nullable Platform platform,
    int status,
    @Nullable String keyword,
    Action action,
    Duration cooldown,
    String description,
    Instant createdAt) {

  /** What a match does. */
  public enum Action {
    /** The account is parked for the rule's cooldown; another account is tried. */
    COOLDOWN,
    /**
     * The account is taken out of service (status error, the rule named) until an operator acts.
     */
    DISABLE,
    /** The upstream's answer goes to the client unchanged; nothing is parked, no one else tried. */
    PASS_THROUGH;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWire(String value) {
      for (Action a : values()) {
        if (a.wireName().equals(value)) {
          return a;
        }
      }
      throw new IllegalArgumentException("must be cooldown, disable or pass_through");
    }
  }

  /** How specific its scope is: an account's rule first, then a platform's, then one for all. */
  public int scopeRank() {
    return accountId != null ? 0 : platform != null ? 1 : 2;
  }

  /** Whether it holds for an answer of {@code status} with {@code body} on this account. */
  public boolean matches(long account, Platform accountPlatform, int answered, String body) {
    return answered == status
        && (accountId == null || accountId == account)
        && (platform == null || platform == accountPlatform)
        && (keyword == null
            || body.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT)));
  }
}
