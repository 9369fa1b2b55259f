package io.subgate.token;

/** No usable access token could be produced for the account; the gateway fails over. */
public final class TokenUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    REFRESH_FAILED,
    LOCK_UNAVAILABLE,
    NOT_REFRESHABLE,
    TIMED_OUT
  }

  private final Reason reason;

  public TokenUnavailableException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
