package io.subgate.gateway.admin;

/** A request field failed validation; answered with 400 naming the field. */
public final class InvalidFieldException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
