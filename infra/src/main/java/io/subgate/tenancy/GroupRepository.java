package io.subgate.tenancy;

import io.subgate.account.Platform;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Groups and their account membership. Thread-safe. */
public interface GroupRepository {

  /**
   * @throws io.subgate.account.DuplicateNameException when the name is taken
   * @throws io.subgate.account.UnknownEntityException when the fallback group does not exist
   */
  Group create(String name, Set<Platform> platforms, GroupSettings settings);

  /** A group of one platform with no settings. */
  default Group create(String name, Platform platform) {
    return create(name, Set.of(platform), GroupSettings.NONE);
  }

  /**
   * Replaces the group's name, platforms and settings if its version is still {@code
   * expectedVersion} (the version then moves on); false when it moved or the group is gone.
   *
   * @throws io.subgate.account.DuplicateNameException when the name is another group's
   * @throws io.subgate.account.UnknownEntityException when the fallback group does not exist
   */
  boolean update(
      long id, long expectedVersion, String name, Set<Platform> platforms, GroupSettings settings);

  Optional<Group> findById(long id);

  /** How many keys (not deleted) belong to the group. */
  long liveKeys(long groupId);

  /** The groups naming this one their fallback. */
  List<Long> fallingBackTo(long groupId);

  /**
   * Deletes the group — never found or listed again, its name freed, its accounts let go — unless a
   * key or another group's fallback still points at it; false then, or when it is gone.
   */
  boolean delete(long id);

  /** Adds each account to the group; idempotent per account; all or nothing. */
  void addAccounts(long groupId, List<Long> accountIds);

  /** Removes one account from the group; false when it was not a member. */
  boolean removeAccount(long groupId, long accountId);

  /** Groups with {@code id > afterId} in id order. */
  List<Group> list(long afterId, int limit);

  /** Ids of the group's accounts in ascending order. */
  List<Long> accountIds(long groupId);
}
