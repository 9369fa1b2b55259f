package io.subgate.egress;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An egress proxy as stored: its spec, with the password decrypted in memory only.
 *
 * @param version incremented by every change; connections pooled for an older version are not
 *     reused
 */
public record EgressProxy(long id, ProxySpec spec, long version, Instant createdAt) {

  public String name() {
    return spec.name();
  }

  public ProxyKind kind() {
    return spec.kind();
  }

  public String host() {
    return spec.host();
  }

  public int port() {
    return spec.port();
  }

  public @Nullable String username() {
    return spec.username();
  }

  public @Nullable String password() {
    return spec.password();
  }

  /** {@code kind://host:port}, for messages: never the credentials. */
  public String address() {
    return kind().wireName() + "://" + host() + ":" + port();
  }
}
