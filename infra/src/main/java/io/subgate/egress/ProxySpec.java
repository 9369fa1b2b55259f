package io.subgate.egress;

import org.jspecify.annotations.Nullable;

/**
 * What an operator says of an egress proxy.
 *
 * @param password kept encrypted at rest; never shown
 */
public record ProxySpec(
    String name,
    ProxyKind kind,
    String host,
    int port,
    @Nullable String username,
    @Nullable String password) {

  public ProxySpec {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be from 1 to 65535");
    }
  }

  @Override
  public String toString() {
    return "ProxySpec[name=" + name + ", kind=" + kind + ", host=" + host + ", port=" + port + "]";
  }
}
