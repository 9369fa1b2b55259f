package io.subgate.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Netty entry point: local runs and container deployments. Lambda uses the API proxy handler. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "subgate",
            version = "0.1",
            description =
                "Subgate's admin API (every /admin call and /metrics need the admin token as a"
                    + " Bearer token) and its client routes."),
    security = @SecurityRequirement(name = "admin"))
@SecurityScheme(name = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
