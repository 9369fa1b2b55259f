package io.subgate.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Secret material of an account. Always encrypted at rest; never returned by the admin API and
 * never logged ({@code toString} of every implementation redacts secrets).
 */
public sealed interface Credentials permits OAuthCredentials, StaticKeyCredentials {

  /** When the access token stops working; {@code null} for static keys or when unknown. */
  @Nullable Instant expiresAt();
}
