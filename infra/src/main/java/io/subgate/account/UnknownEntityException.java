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

  /** An entity known by name (a model's price): {@link #id} is -1. */
  public UnknownEntityException(String entity, String name) {
    super(entity + " " + name + " does not exist");
    this.entity = entity;
    this.id = -1;
  }

  public String entity() {
    return entity;
  }

  public long id() {
    return id;
  }
}
