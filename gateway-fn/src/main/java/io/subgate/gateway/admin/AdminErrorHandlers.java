package io.subgate.gateway.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.UnknownEntityException;
import jakarta.inject.Singleton;

/** Maps admin domain errors to 400 / 404 / 409 with an {@link AdminError} body. */
final class AdminErrorHandlers {
  private AdminErrorHandlers() {}

  @Produces
  @Singleton
  @Requires(classes = {InvalidFieldException.class, ExceptionHandler.class})
  static class InvalidField implements ExceptionHandler<InvalidFieldException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidFieldException e) {
      return HttpResponse.badRequest(
          AdminError.of("invalid_request_error", String.valueOf(e.getMessage()), e.field()));
    }
  }

  @Produces
  @Singleton
  @Requires(classes = {UnknownEntityException.class, ExceptionHandler.class})
  static class Unknown implements ExceptionHandler<UnknownEntityException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, UnknownEntityException e) {
      return HttpResponse.notFound(
          AdminError.of("not_found_error", String.valueOf(e.getMessage()), null));
    }
  }

  @Produces
  @Singleton
  @Requires(classes = {ConflictException.class, ExceptionHandler.class})
  static class Stale implements ExceptionHandler<ConflictException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ConflictException e) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.CONFLICT)
          .body(AdminError.of("conflict_error", String.valueOf(e.getMessage()), e.field()));
    }
  }

  @Produces
  @Singleton
  @Requires(classes = {DuplicateNameException.class, ExceptionHandler.class})
  static class Duplicate implements ExceptionHandler<DuplicateNameException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, DuplicateNameException e) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.CONFLICT)
          .body(AdminError.of("conflict_error", String.valueOf(e.getMessage()), "name"));
    }
  }
}
