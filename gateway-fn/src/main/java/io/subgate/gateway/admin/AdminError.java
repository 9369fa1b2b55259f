package io.subgate.gateway.admin;

import io.micronaut.serde.annotation.Serdeable;
import org.jspecify.annotations.Nullable;

/**
 * Error body of Subgate's own endpoints: {@code {"type":"error","error":{"type","message",
 * "field"}}}. Readable by Anthropic clients (top-level {@code type}) and OpenAI clients ({@code
 * error.message}).
 */
@Serdeable
public record AdminError(String type, Detail error) {

  /**
   * @param field the request field at fault, for validation errors
   */
  @Serdeable
  public record Detail(String type, String message, @Nullable String field) {}

  public static AdminError of(String type, String message, @Nullable String field) {
    return new AdminError("error", new Detail(type, message, field));
  }
}
