package io.subgate.secrets;

/** A secret could not be read: its id and why, never its value. */
public final class SecretUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretUnavailableException(String secretId, String why) {
    super("secret " + secretId + " could not be read: " + why);
  }
}
