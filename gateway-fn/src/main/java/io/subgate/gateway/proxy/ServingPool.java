package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.routing.CandidateCache.Candidates;
import java.util.List;

/** The group serving a request and its accounts that may ({@link ServingPools}). */
record ServingPool(Candidates group, List<Account> accounts) {
  /** What {@code account} is asked for; only called for the pool's accounts. */
  String upstreamModel(ProxyRequest request, Account account) {
    String model = group.group().upstreamModel(request.model(), account);
    return model == null ? request.model() : model;
  }
}
