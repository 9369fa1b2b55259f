package io.subgate.gateway.admin;

/**
 * A change that conflicts with the stored state: made against a version that has moved on (someone
 * else changed it first), or deleting what something still points at. 409 naming the field.
 */
final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
