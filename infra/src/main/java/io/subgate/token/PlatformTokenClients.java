package io.subgate.token;

import io.subgate.account.Platform;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every platform's client and effective policy; fails at startup on a duplicate or a gap. */
@Singleton
public final class PlatformTokenClients {
  private final Map<Platform, PlatformTokenClient> clients = new EnumMap<>(Platform.class);
  private final Map<Platform, RefreshPolicy> policies = new EnumMap<>(Platform.class);

  public PlatformTokenClients(List<PlatformTokenClient> all, TokenSettings settings) {
    for (PlatformTokenClient client : all) {
      if (clients.put(client.platform(), client) != null) {
        throw new IllegalStateException("two token clients for " + client.platform());
      }
      policies.put(client.platform(), settings.apply(client.policy()));
    }
    for (Platform p : Platform.values()) {
      if (!clients.containsKey(p)) {
        throw new IllegalStateException("no token client for " + p);
      }
    }
  }

  public PlatformTokenClient client(Platform platform) {
    PlatformTokenClient c = clients.get(platform);
    if (c == null) {
      throw new IllegalStateException("no token client for " + platform);
    }
    return c;
  }

  public RefreshPolicy policy(Platform platform) {
    RefreshPolicy p = policies.get(platform);
    return p == null ? RefreshPolicy.DEFAULT : p;
  }
}
