package io.subgate.routing;

import io.subgate.account.Account;
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
 */
public record SelectionRequest(
    long groupId,
    List<Account> candidates,
    @Nullable String sessionHash,
    Set<Long> excluded,
    String requestId) {}
