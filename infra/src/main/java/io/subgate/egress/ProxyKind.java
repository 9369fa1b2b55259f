package io.subgate.egress;

import java.util.Locale;

/** How an egress proxy is spoken to. */
public enum ProxyKind {
  /** An HTTP proxy: {@code CONNECT} tunnels for TLS targets, absolute-form requests otherwise. */
  HTTP,
  /** A SOCKS5 proxy (RFC 1928), with username/password authentication (RFC 1929) when set. */
  SOCKS5;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ProxyKind fromWire(String value) {
    for (ProxyKind k : values()) {
      if (k.wireName().equals(value)) {
        return k;
      }
    }
    throw new IllegalArgumentException("must be http or socks5");
  }
}
