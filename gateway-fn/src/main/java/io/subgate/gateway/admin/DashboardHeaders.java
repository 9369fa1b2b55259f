package io.subgate.gateway.admin;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The dashboard's files are served with a strict Content-Security-Policy: scripts, styles and calls
 * from this origin only, no inline script, no framing, no plugin; and not sniffed, not cached past
 * a deploy (the assets carry content hashes; the page itself is revalidated).
 */
@ServerFilter("/admin/ui/**")
public class DashboardHeaders {
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  @ResponseFilter
  public void secure(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "no-referrer");
    response.header("X-Frame-Options", "DENY");
    response.header("Cache-Control", "no-cache");
  }
}
