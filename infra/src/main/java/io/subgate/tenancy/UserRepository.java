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

  /** Enables or disables the user (a disabled user's keys all stop); false when it is gone. */
  boolean setActive(long id, boolean active);

  /** Users with {@code id > afterId} in id order. */
  List<User> list(long afterId, int limit);
}
