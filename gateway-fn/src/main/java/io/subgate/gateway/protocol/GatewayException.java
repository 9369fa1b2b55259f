package io.subgate.gateway.protocol;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A request the gateway answers with an error in the client's protocol shape. */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient @Nullable Duration retryAfter;

  public GatewayException(int status, String message) {
    this(status, message, null);
  }

  public GatewayException(int status, String message, @Nullable Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
