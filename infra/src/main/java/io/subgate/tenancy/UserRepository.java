package io.subgate.tenancy;

import java.util.List;
import java.util.Optional;

/** Client users. Thread-safe. */
public interface UserRepository {

  /**
   * @throws io.subgate.account.DuplicateNameException when the name is taken
   */
  User create(String name, int concurrency);

  Optional<User> findById(long id);

  /**
   * Renames the user and sets its slot limit; false when it is gone.
   *
   * @throws io.subgate.account.DuplicateNameException when the name is another user's
   */
  boolean update(long id, String name, int concurrency);

  /**
   * Deletes the user: never found or listed again, its name freed; its keys are the caller's to
   * revoke. Its usage stays. False when it was already gone.
   */
  boolean delete(long id);

  /** Enables or disables the user (a disabled user's keys all stop); false when it is gone. */
  boolean setActive(long id, boolean active);

  /** Users with {@code id > afterId} in id order. */
  List<User> list(long afterId, int limit);
}
