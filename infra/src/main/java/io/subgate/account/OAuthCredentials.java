package io.subgate.account;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * OAuth tokens of an {@link AccountType#OAUTH} or {@link AccountType#SETUP_TOKEN} account.
 *
 * @param accessToken bearer token sent upstream
 * @param refreshToken token used to obtain the next access token; rotated by most providers
 * @param expiresAt expiry of {@code accessToken}, {@code null} when the provider did not say
 * @param scope granted scope as reported by the provider
 * @param projectId Google Cloud project (Gemini, Antigravity)
 * @param upstreamAccountId provider-side account id (OpenAI {@code chatgpt_account_id})
 */
@Serdeable
public record OAuthCredentials(
    String accessToken,
    @Nullable String refreshToken,
    @Nullable Instant expiresAt,
    @Nullable String scope,
    @Nullable String projectId,
    @Nullable String upstreamAccountId)
    implements Credentials {

  public boolean hasRefreshToken() {
    return refreshToken != null && !refreshToken.isBlank();
  }

  /** These credentials with {@code next} as the Google project. */
  public OAuthCredentials withProjectId(String next) {
    return new OAuthCredentials(
        accessToken, refreshToken, expiresAt, scope, next, upstreamAccountId);
  }

  @Override
  public String toString() {
    return "OAuthCredentials[accessToken=***, refreshToken="
        + (hasRefreshToken() ? "***" : "none")
        + ", expiresAt="
        + expiresAt
        + ", projectId="
        + projectId
        + "]";
  }
}
