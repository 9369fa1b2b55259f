package io.subgate.tenancy;

import java.util.Optional;

/** Client API keys, looked up by the hash of their plaintext. Thread-safe. */
public interface ApiKeyRepository {

  /**
   * Stores a key by hash.
   *
   * @throws io.subgate.account.DuplicateNameException when the user already has a key of that name
   */
  ApiKey create(long userId, long groupId, String name, String keyHash, String prefix);

  Optional<ApiKey> findByHash(String keyHash);

  Optional<ApiKey> findById(long id);

  void setActive(long id, boolean active);
}
