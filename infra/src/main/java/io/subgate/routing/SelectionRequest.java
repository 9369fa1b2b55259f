package io.subgate.routing;

import io.subgate.account.Account;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One selection attempt.
 *
 * @param candidates the group's accounts (any state; the selector filters)
 * @param sessionHash sticky-session key, when the request has one
 * @param excluded accounts that already failed this request
 * @param requestId the slot holder's id
 * @param model the requested model; accounts that do not serve it are skipped (null: any)
 */
public record SelectionRequest(
    long groupId,
    List<Account> candidates,
    @Nullable String sessionHash,
    Set<Long> excluded,
    String requestId,
    @Nullable String model) {

  public SelectionRequest {
    excluded = Set.copyOf(excluded);
  }

  /** The same request with more accounts excluded (they failed it). */
  public SelectionRequest excluding(Set<Long> more) {
    Set<Long> all = new HashSet<>(excluded);
    all.addAll(more);
    return new SelectionRequest(groupId, candidates, sessionHash, all, requestId, model);
  }

  /** A request for any model. */
  public SelectionRequest(
      long groupId,
      List<Account> candidates,
      @Nullable String sessionHash,
      Set<Long> excluded,
      String requestId) {
    this(groupId, candidates, sessionHash, excluded, requestId, null);
  }
}
