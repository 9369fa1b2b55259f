package io.subgate.adapter.jdbc;

import io.subgate.account.AccountType;
import io.subgate.account.OAuthCredentials;
import io.subgate.token.PendingRotation;
import io.subgate.token.PendingRotations;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@link PendingRotations} in the accounts database, encrypted like account credentials. */
@Singleton
public class JdbcPendingRotations implements PendingRotations {
  private final PendingRotationRowRepository rows;
  private final CredentialsCodec codec;

  public JdbcPendingRotations(PendingRotationRowRepository rows, CredentialsCodec codec) {
    this.rows = rows;
    this.codec = codec;
  }

  @Override
  public void save(PendingRotation r) {
    rows.upsert(
        r.accountId(), r.baseVersion(), codec.seal(r.credentials(), r.accountId()), r.createdAt());
  }

  @Override
  public Optional<PendingRotation> find(long accountId) {
    return rows.findById(accountId)
        .map(
            r ->
                new PendingRotation(
                    r.accountId(),
                    r.baseVersion(),
                    (OAuthCredentials)
                        codec.open(r.credentialsCiphertext(), AccountType.OAUTH, r.accountId()),
                    r.createdAt()));
  }

  @Override
  public void clear(long accountId, long baseVersion) {
    rows.deleteIfBase(accountId, baseVersion);
  }
}
