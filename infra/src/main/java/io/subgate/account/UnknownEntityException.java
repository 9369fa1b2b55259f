package io.subgate.account;

/** A referenced entity does not exist. */
public final class UnknownEntityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String entity;
  private final long id;

  public UnknownEntityException(String entity, long id) {
    super(entity + " " + id + " does not exist");
    this.entity = entity;
    this.id = id;
  }

  public String entity() {
    return entity;
  }

  public long id() {
    return id;
  }
}
