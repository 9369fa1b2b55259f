package io.subgate.gateway.admin;

/** An update made against a version that has moved on (someone else changed it first): 409. */
final class StaleVersionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  StaleVersionException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
