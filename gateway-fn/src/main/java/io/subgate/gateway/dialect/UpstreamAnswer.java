package io.subgate.gateway.dialect;

import java.util.Optional;

/** What a dialect reads from an upstream answer besides its events: status and headers. */
public interface UpstreamAnswer {
  int status();

  Optional<String> header(String name);
}
