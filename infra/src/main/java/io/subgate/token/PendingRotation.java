package io.subgate.token;

import io.subgate.account.OAuthCredentials;
import java.time.Instant;

/**
 * Credentials issued by the provider for an account whose stored credentials were at {@code
 * baseVersion} when the refresh started.
 */
public record PendingRotation(
    long accountId, long baseVersion, OAuthCredentials credentials, Instant createdAt) {}
