package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.translate.Translator;
import io.subgate.gateway.translate.Translators;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every upstream dialect, by platform and account type, and the one place that decides which of a
 * group's accounts may carry a request: the account's dialect must speak to the route (directly or
 * through a translator), accept the request's client, and find the account usable. Built at
 * startup; a route whose platform has an account type without a dialect, or two dialects claiming
 * one, stops the gateway there rather than failing requests later.
 */
@Singleton
public final class DialectRegistry {
  private final Map<Platform, Map<AccountType, UpstreamDialect>> dialects =
      new EnumMap<>(Platform.class);

  private final JsonMapper json;
  private final Clock clock;

  public DialectRegistry(List<UpstreamDialect> all, JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
    for (UpstreamDialect d : all) {
      Map<AccountType, UpstreamDialect> ofPlatform =
          dialects.computeIfAbsent(d.platform(), p -> new EnumMap<>(AccountType.class));
      for (AccountType type : d.accountTypes()) {
        UpstreamDialect previous = ofPlatform.put(type, d);
        if (previous != null) {
          throw new IllegalStateException(
              "two dialects for "
                  + d.platform().wireName()
                  + " "
                  + type.wireName()
                  + ": "
                  + previous.name()
                  + " and "
                  + d.name());
        }
      }
    }
    for (Route route : Route.values()) {
      for (Platform platform : route.platforms()) {
        for (AccountType type : accountTypes(platform)) {
          if (!dialects.getOrDefault(platform, Map.of()).containsKey(type)) {
            throw new IllegalStateException(
                "no upstream dialect for "
                    + platform.wireName()
                    + " "
                    + type.wireName()
                    + " accounts, which "
                    + route.path()
                    + " may select");
          }
        }
      }
      boolean served =
          route.platforms().stream()
              .flatMap(p -> dialects.getOrDefault(p, Map.of()).values().stream())
              .anyMatch(d -> carries(d, route));
      if (!served) {
        throw new IllegalStateException("no dialect serves " + route.path());
      }
    }
  }

  /**
   * The account types a platform's accounts may have (Antigravity: its OAuth subscription, and
   * relays in front of it).
   */
  public static Set<AccountType> accountTypes(Platform platform) {
    switch (platform) {
      case ANTHROPIC:
        return EnumSet.allOf(AccountType.class);
      case ANTIGRAVITY:
        return EnumSet.of(AccountType.OAUTH, AccountType.UPSTREAM);
      default:
        return EnumSet.of(AccountType.OAUTH, AccountType.APIKEY, AccountType.UPSTREAM);
    }
  }

  /**
   * The dialect of {@code account}.
   *
   * @throws IllegalStateException when its platform serves no route yet
   */
  public UpstreamDialect of(Account account) {
    UpstreamDialect d = dialects.getOrDefault(account.platform(), Map.of()).get(account.type());
    if (d == null) {
      throw new IllegalStateException(
          "no dialect for " + account.platform().wireName() + " " + account.type().wireName());
    }
    return d;
  }

  /**
   * Whether {@code dialect} can carry {@code route} (it speaks the route's protocol, or one a
   * translator converts from): asked per account on every request, so it builds no translator.
   */
  private static boolean carries(UpstreamDialect dialect, Route route) {
    return dialect.speaks(route).filter(p -> Translators.exists(route.protocol(), p)).isPresent();
  }

  /** Whether some account of {@code accounts} has a dialect that carries {@code route}. */
  public boolean anyCarries(List<Account> accounts, Route route) {
    for (Account a : accounts) {
      if (carries(of(a), route)) {
        return true;
      }
    }
    return false;
  }

  /** The translator from {@code dialect}'s answers on {@code route} to the route's protocol. */
  public Optional<Translator> translator(UpstreamDialect dialect, Route route) {
    return dialect
        .speaks(route)
        .flatMap(p -> Translators.between(route.protocol(), p, json, clock));
  }

  /**
   * The accounts of {@code group} that may carry {@code request}: the list itself when all may (the
   * usual case, no copy).
   *
   * @throws GatewayException 403 when the group has accounts but none for this client, 400 when
   *     none serves the route; the message says which clients and routes the accounts serve
   */
  public List<Account> eligible(List<Account> group, ProxyRequest request) {
    int usable = 0;
    for (Account a : group) {
      if (eligible(a, request)) {
        usable++;
      }
    }
    if (usable == group.size()) {
      return group;
    }
    if (usable > 0) {
      List<Account> out = new ArrayList<>(usable);
      for (Account a : group) {
        if (eligible(a, request)) {
          out.add(a);
        }
      }
      return out;
    }
    throw refusal(group, request);
  }

  private boolean eligible(Account account, ProxyRequest request) {
    UpstreamDialect d = of(account);
    ClientIdentity client = d.client(request.route());
    return (client == ClientIdentity.OTHER || client == request.client())
        && carries(d, request.route())
        && d.unusable(account).isEmpty();
  }

  private GatewayException refusal(List<Account> group, ProxyRequest request) {
    Route route = request.route();
    Set<String> clients = new TreeSet<>();
    Set<String> unusable = new TreeSet<>();
    Set<String> routes = new TreeSet<>();
    Set<String> routeClients = new TreeSet<>();
    for (Account a : group) {
      UpstreamDialect d = of(a);
      ClientIdentity client = d.client(route);
      if (!carries(d, route)) {
        for (Route r : Route.values()) {
          if (r.accepts(a.platform()) && carries(d, r)) {
            routes.add(r.path());
            if (d.client(r) != ClientIdentity.OTHER && d.client(r) != request.client()) {
              routeClients.add(d.client(r).description());
            }
          }
        }
      } else if (client != ClientIdentity.OTHER && client != request.client()) {
        clients.add(client.description());
      } else {
        d.unusable(a).ifPresent(why -> unusable.add("account " + a.name() + ": " + why));
      }
    }
    if (!clients.isEmpty()) {
      return new GatewayException(
          403,
          "this API key's group has only subscription accounts, which serve requests from "
              + String.join(" or ", clients)
              + " only, and this request did not come from "
              + (clients.size() == 1 ? "it" : "one of them")
              + "; use that client, or add an API-key account to the group to serve others");
    }
    if (!unusable.isEmpty()) {
      return new GatewayException(
          503, "no account of this API key's group can serve: " + String.join("; ", unusable));
    }
    if (!routeClients.isEmpty()) {
      // Subscription accounts of another client (Antigravity): converting the request would need
      // that client's identity, which Subgate never fabricates.
      return new GatewayException(
          403,
          "this API key's group has only subscription accounts, which serve requests from "
              + String.join(" or ", routeClients)
              + " only ("
              + String.join(", ", routes)
              + "); "
              + route.path()
              + " is not one of them");
    }
    return new GatewayException(
        400,
        "this API key's group's accounts do not serve "
            + route.path()
            + (routes.isEmpty() ? "" : "; they serve " + String.join(", ", routes)));
  }
}
