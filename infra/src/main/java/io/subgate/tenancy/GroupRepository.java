package io.subgate.tenancy;

import io.subgate.account.Platform;
import java.util.List;
import java.util.Optional;

/** Groups and their account membership. Thread-safe. */
public interface GroupRepository {

  /**
   * @throws io.subgate.account.DuplicateNameException when the name is taken
   */
  Group create(String name, Platform platform);

  Optional<Group> findById(long id);

  /** Adds each account to the group; idempotent per account; all or nothing. */
  void addAccounts(long groupId, List<Long> accountIds);

  /** Removes one account from the group; false when it was not a member. */
  boolean removeAccount(long groupId, long accountId);

  /** Groups with {@code id > afterId} in id order. */
  List<Group> list(long afterId, int limit);

  /** Ids of the group's accounts in ascending order. */
  List<Long> accountIds(long groupId);
}
