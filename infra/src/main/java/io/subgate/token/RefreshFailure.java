package io.subgate.token;

/**
 * A refresh call that did not yield new credentials, classified from the provider's OAuth {@code
 * error} field and the transport outcome — never from message text.
 */
public final class RefreshFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, and so what the caller should do about it. */
  public enum Kind {
    /** The refresh token was rejected (revoked, expired, reused). Not retryable for this token. */
    INVALID_GRANT(false),
    /** The OAuth client itself was rejected: provider-wide, not the account's fault. */
    INVALID_CLIENT(false),
    /** Subgate lacks configuration for this platform (token URL, client id or secret). */
    MISCONFIGURED(false),
    /** The account has no refresh token. */
    NO_REFRESH_TOKEN(false),
    /**
     * The token was refreshed but the account lacks what it needs to serve (a Code Assist account
     * without a project): an operator must act.
     */
    NO_PROJECT(false),
    /** Could not connect or the connection broke before an answer: fail fast, no retry here. */
    CONNECTION(true),
    /** The provider answered 5xx, 429, or timed out. */
    TRANSIENT(true),
    /** The answer was not a usable token response (HTML, bad JSON, no access_token, bad expiry). */
    MALFORMED_RESPONSE(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;

  public RefreshFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RefreshFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
