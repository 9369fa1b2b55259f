package io.subgate.token;

/** A shared backend (Redis, DynamoDB) could not answer; distinct from a negative answer. */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String backend, Throwable cause) {
    super(backend + " unavailable: " + cause.getClass().getSimpleName(), cause);
  }
}
