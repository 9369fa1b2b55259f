package io.subgate.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Client API keys, looked up by the hash of their plaintext. Thread-safe. */
public interface ApiKeyRepository {

  /**
   * Stores a key by hash.
   *
   * @throws io.subgate.account.DuplicateNameException when the user already has a key of that name
   */
  ApiKey create(long userId, long groupId, String name, String keyHash, String prefix);

  Optional<ApiKey> findByHash(String keyHash);

  /** The hash of every stored key, revoked and expired ones included (one read of one column). */
  List<String> allHashes();

  Optional<ApiKey> findById(long id);

  void setActive(long id, boolean active);

  /**
   * Deletes the key: inactive, never found or listed again, its name freed; its usage stays. The
   * caller announces the revocation. False when it was already gone.
   */
  boolean delete(long id);

  /**
   * Renames the key and sets (or clears, with null) its expiry and its own limits (0: none); false
   * when it is gone.
   */
  boolean update(
      long id, String name, @Nullable Instant expiresAt, int requestsPerMinute, long tokensPerDay);

  /** Keys with {@code id > afterId} in id order, of one user when {@code userId} is given. */
  List<ApiKey> list(@Nullable Long userId, long afterId, int limit);
}
