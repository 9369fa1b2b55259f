package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.gateway.dialect.DialectRegistry;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.tenancy.Group;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Which group serves a request and which of its accounts may: the carriers of the request's route
 * and client, the fallback group when the key's group has none, and of those the accounts the group
 * can ask for the request's model.
 */
@Singleton
final class ServingPools {
  private final CandidateCache candidates;
  private final DialectRegistry dialects;

  ServingPools(CandidateCache candidates, DialectRegistry dialects) {
    this.candidates = candidates;
    this.dialects = dialects;
  }

  /**
   * The group that serves this request and its accounts that may: the key's group, or its fallback
   * when the key's group cannot carry the request's client or route ({@link #carriers}); of those,
   * the accounts the group can ask for the request's model ({@link Group#upstreamModel}). Refused
   * with no upstream call when there are none.
   */
  ServingPool of(Route route, ProxyRequest request, Candidates keyGroup) {
    Candidates group = keyGroup;
    List<Account> carried;
    try {
      carried = carriers(route, request, group);
    } catch (GatewayException refused) {
      Long fallback = group.group().settings().fallbackGroupId();
      Candidates other = fallback == null ? null : candidates.of(fallback).orElse(null);
      if (other == null) {
        throw refused;
      }
      group = other;
      carried = carriers(route, request, group);
    }
    if (carried.isEmpty()) {
      return new ServingPool(group, carried);
    }
    Group g = group.group();
    // The usual case, every carrier serves the model, keeps the list as it is (no copy).
    List<Account> serving =
        carried.stream().allMatch(a -> g.upstreamModel(request.model(), a) != null)
            ? carried
            : carried.stream().filter(a -> g.upstreamModel(request.model(), a) != null).toList();
    if (serving.isEmpty()) {
      throw new GatewayException(
          route.protocol().unknownModelStatus(),
          "model " + request.model() + " is not served by this API key's group");
    }
    return new ServingPool(group, serving);
  }

  /**
   * The group's accounts whose dialects accept the request's client and route ({@link
   * DialectRegistry}), the group holding a platform the route serves.
   */
  private List<Account> carriers(Route route, ProxyRequest request, Candidates group) {
    Group g = group.group();
    if (g.platforms().stream().noneMatch(route::accepts)) {
      throw new GatewayException(
          400,
          "this API key's group serves "
              + g.platformList()
              + " accounts; "
              + route.path()
              + " needs "
              + route.platforms().iterator().next().wireName());
    }
    return group.accounts().isEmpty()
        ? group.accounts()
        : dialects.eligible(group.accounts(), request);
  }
}
