package io.subgate.token;

import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The only code a platform adds to the token lifecycle: one refresh round trip and its policy.
 * Locking, re-reading, versioning, caching and recovery are the lifecycle's job.
 */
public interface PlatformTokenClient {

  Platform platform();

  /**
   * Exchanges the refresh token for new credentials. Fields the provider does not return (a
   * non-rotated refresh token, the project id) are carried over from {@code current}.
   *
   * @param timeout bound for the whole call
   * @param proxyId the account's egress proxy (null: direct); a named proxy is the only route
   * @throws RefreshFailure classified by the provider's OAuth error or the transport outcome
   */
  OAuthCredentials refresh(OAuthCredentials current, Duration timeout, @Nullable Long proxyId)
      throws RefreshFailure;

  /** {@link #refresh(OAuthCredentials, Duration, Long)} direct. */
  default OAuthCredentials refresh(OAuthCredentials current, Duration timeout)
      throws RefreshFailure {
    return refresh(current, timeout, null);
  }

  default RefreshPolicy policy() {
    return RefreshPolicy.DEFAULT;
  }
}
