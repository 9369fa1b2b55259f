package io.subgate.concurrency;

/**
 * A pool of concurrency slots: one per account or per user.
 *
 * @param kind {@code account} or {@code user}
 * @param id the account or user id
 */
public record SlotPool(String kind, long id) {

  public static SlotPool account(long id) {
    return new SlotPool("account", id);
  }

  public static SlotPool user(long id) {
    return new SlotPool("user", id);
  }
}
