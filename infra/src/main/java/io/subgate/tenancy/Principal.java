package io.subgate.tenancy;

/**
 * The authenticated caller of a gateway request.
 *
 * @param userConcurrency the user's slot limit across all of its keys
 * @param requestsPerMinute the key's own request limit per minute, 0 for none
 * @param tokensPerDay the key's own token limit per UTC day (input + output), 0 for none
 * @param keyBudgets the key's USD budgets
 * @param userLimits the user's requests per minute and budgets, across all of its keys
 * @param groupLimits those of the key's group, across every key of the group
 */
public record Principal(
    long apiKeyId,
    long userId,
    long groupId,
    int userConcurrency,
    int requestsPerMinute,
    long tokensPerDay,
    Budgets keyBudgets,
    Limits userLimits,
    Limits groupLimits) {

  public Principal(long apiKeyId, long userId, long groupId, int userConcurrency) {
    this(apiKeyId, userId, groupId, userConcurrency, 0, 0);
  }

  public Principal(
      long apiKeyId,
      long userId,
      long groupId,
      int userConcurrency,
      int requestsPerMinute,
      long tokensPerDay) {
    this(
        apiKeyId,
        userId,
        groupId,
        userConcurrency,
        requestsPerMinute,
        tokensPerDay,
        Budgets.NONE,
        Limits.NONE,
        Limits.NONE);
  }

  /**
   * The same caller served by another group (its key's group's fallback): its limits stay those of
   * the key's group, which the request is made through.
   */
  public Principal inGroup(long otherGroupId) {
    return new Principal(
        apiKeyId,
        userId,
        otherGroupId,
        userConcurrency,
        requestsPerMinute,
        tokensPerDay,
        keyBudgets,
        userLimits,
        groupLimits);
  }
}
