package io.subgate.gateway.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /metrics}: every meter in Prometheus' text format (0.0.4), behind the admin token like
 * the admin API. Names are Micrometer's with dots as underscores ({@code subgate_requests_total}).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class MetricsController {
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Get(uri = "/metrics", produces = TEXT_FORMAT)
  public HttpResponse<String> scrape() {
    return HttpResponse.ok(registry.scrape()).contentType(TEXT_FORMAT);
  }
}
