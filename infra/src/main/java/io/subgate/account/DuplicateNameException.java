package io.subgate.account;

/** A create or rename collided with an existing unique name. */
public final class DuplicateNameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DuplicateNameException(String entity, String name) {
    super(entity + " named '" + name + "' already exists");
  }
}
