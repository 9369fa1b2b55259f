package io.subgate.egress;

import java.io.IOException;

/**
 * An account's egress proxy cannot carry the call (unreachable, refused the tunnel, or gone): the
 * call is not made, and never made direct instead.
 */
public final class EgressUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public EgressUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public EgressUnavailableException(String message) {
    super(message);
  }
}
