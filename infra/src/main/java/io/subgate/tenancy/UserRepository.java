package io.subgate.tenancy;

import java.util.Optional;

/** Client users. Thread-safe. */
public interface UserRepository {

  /**
   * @throws io.subgate.account.DuplicateNameException when the name is taken
   */
  User create(String name, int concurrency);

  Optional<User> findById(long id);
}
