package io.subgate.gateway;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/** Liveness probe; answers without touching the database or Redis. */
@Controller("/health")
public class HealthController {

  /** Body of {@code GET /health}. */
  @Serdeable
  public record Health(String status) {}

  @Get
  public Health health() {
    return new Health("ok");
  }
}
