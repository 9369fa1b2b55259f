package io.subgate.gateway.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /admin/openapi.yml}: the OpenAPI document that Micronaut OpenAPI generated from the
 * controllers at compile time ({@code META-INF/swagger/subgate-0.1.yml}).
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class OpenApiController {
  static final String DOCUMENT = "META-INF/swagger/subgate-0.1.yml";
  static final String YAML = "application/yaml";

  @Get(uri = "/admin/openapi.yml", produces = YAML)
  public HttpResponse<String> document() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        return HttpResponse.<String>notFound().body("the build produced no OpenAPI document");
      }
      return HttpResponse.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contentType(YAML);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
