package io.subgate.gateway.dialect;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream answer that another account may serve better, classified (seed 003, sub2api §5): the
 * failed {@link Attempt}. Client errors (400 context length, content policy, invalid request, 404,
 * 413) are not failures: they go back to the client as they are and are never retried. When the
 * upstream says to come back is the dialect's reading ({@code ResetHints}, Codex windows).
 *
 * @param status the upstream status, 0 when no answer arrived (connection refused, reset, timeout)
 * @param resetAfter when the upstream said when to come back (rate limit or overload)
 * @param body the upstream's error body, for the client if failover is exhausted
 * @param perModel whether a rate limit holds for the request's model only (Google's per-model
 *     quotas): the account stays in use for other models
 * @param accountError set when the account cannot serve until an operator acts (its Google project
 *     refused access): the error state's message
 * @param retryHere set when the upstream asks for a short wait and another try on the same account
 *     (Google's RetryInfo under 7 s: once; a model out of shared capacity: every second, up to
 *     {@code capacity-retries})
 * @param sharedCapacity whether the model's capacity is out for every account (Google's {@code
 *     MODEL_CAPACITY_EXHAUSTED}): no account is parked for it and no other account is tried
 */
public record UpstreamFailure(
    Kind kind,
    int status,
    @Nullable Duration resetAfter,
    byte[] body,
    String detail,
    boolean perModel,
    @Nullable String accountError,
    @Nullable Duration retryHere,
    boolean sharedCapacity)
    implements Attempt {

  public UpstreamFailure(
      Kind kind, int status, @Nullable Duration resetAfter, byte[] body, String detail) {
    this(kind, status, resetAfter, body, detail, false, null, null, false);
  }

  /** A failure without an upstream body. */
  public UpstreamFailure(Kind kind, int status, @Nullable Duration resetAfter, String detail) {
    this(kind, status, resetAfter, new byte[0], detail);
  }

  /** This failure, holding for the request's model only. */
  public UpstreamFailure forModelOnly() {
    return new UpstreamFailure(
        kind, status, resetAfter, body, detail, true, accountError, retryHere, sharedCapacity);
  }

  /** This failure, putting the account in error state with {@code message}. */
  public UpstreamFailure breakingAccount(String message) {
    return new UpstreamFailure(
        kind, status, resetAfter, body, detail, perModel, message, retryHere, sharedCapacity);
  }

  /** This failure, worth one more try on the same account after {@code pause}. */
  public UpstreamFailure retryingHereAfter(Duration pause) {
    return new UpstreamFailure(
        kind, status, resetAfter, body, detail, perModel, accountError, pause, sharedCapacity);
  }

  /**
   * This failure, the model being out of capacity for every account: tried again on the same
   * account every {@code pause}; never parks the account nor moves to another.
   */
  public UpstreamFailure outOfSharedCapacity(Duration pause) {
    return new UpstreamFailure(
        kind, status, resetAfter, body, detail, perModel, accountError, pause, true);
  }

  public enum Kind {
    /** 429: the account is rate-limited until the reset the headers give. */
    RATE_LIMITED,
    /** 529 or 503: the upstream is overloaded. */
    OVERLOADED,
    /** 401: the token was refused. */
    UNAUTHORIZED,
    /** 403 refusing the credential itself: the account may not do this. */
    FORBIDDEN,
    /**
     * 403 or 404 naming the requested model (not found, no access): this account skips that model
     * for a while; the client's answer when every account refuses it.
     */
    MODEL_REFUSED,
    /** Another 5xx. */
    SERVER_ERROR,
    /** No answer: the connection was refused or reset. */
    NO_ANSWER,
    /**
     * An operator's rule matched: the account is parked for the rule's cooldown ({@code
     * resetAfter}) and another account tried.
     */
    RULED,
    /**
     * The account's egress proxy cannot be reached (or no longer exists): the account is parked
     * with that reason, and nothing is sent direct instead.
     */
    EGRESS_DOWN,
    /**
     * A silent upstream: no connection, status line or first content within its limit. Switched
     * away from at once: another try on the same account would only double the wait.
     */
    TIMED_OUT;

    /**
     * Whether the sticky grace (one more try on the session's own account after a pause) may help:
     * not after a silence, which would only double the wait, nor after the model was refused.
     */
    public boolean graceHelps() {
      return this != TIMED_OUT && this != MODEL_REFUSED && this != EGRESS_DOWN && this != RULED;
    }

    /** Worth trying again on the same account after a short pause. */
    public boolean retryableInPlace() {
      return this == SERVER_ERROR || this == NO_ANSWER;
    }
  }

  /** The failure an upstream status represents, or empty when the answer goes to the client. */
  public static Optional<Kind> classify(int status) {
    if (status == 429) {
      return Optional.of(Kind.RATE_LIMITED);
    }
    if (status == 529 || status == 503) {
      return Optional.of(Kind.OVERLOADED);
    }
    if (status == 401) {
      return Optional.of(Kind.UNAUTHORIZED);
    }
    if (status == 403) {
      return Optional.of(Kind.FORBIDDEN);
    }
    if (status >= 500) {
      return Optional.of(Kind.SERVER_ERROR);
    }
    return Optional.empty();
  }
}
