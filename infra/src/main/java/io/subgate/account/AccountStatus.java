package io.subgate.account;

import java.util.Locale;

/** Administrative status; only {@link #ACTIVE} accounts are ever scheduled. */
public enum AccountStatus {
  ACTIVE,
  DISABLED,
  /** Set by the system after a non-recoverable failure (for example a revoked refresh token). */
  ERROR,
  /** Deleted by an operator: never scheduled or refreshed, kept for its usage history. */
  DELETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountStatus fromWire(String value) {
    for (AccountStatus s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("must be one of active, disabled, error, deleted");
  }
}
