package io.subgate.tenancy;

/**
 * The authenticated caller of a gateway request.
 *
 * @param userConcurrency the user's slot limit across all of its keys
 * @param requestsPerMinute the key's own request limit per minute, 0 for none
 * @param tokensPerDay the key's own token limit per UTC day (input + output), 0 for none
 */
public record Principal(
    long apiKeyId,
    long userId,
    long groupId,
    int userConcurrency,
    int requestsPerMinute,
    long tokensPerDay) {

  public Principal(long apiKeyId, long userId, long groupId, int userConcurrency) {
    this(apiKeyId, userId, groupId, userConcurrency, 0, 0);
  }

  /** The same caller served by another group (its key's group's fallback). */
  public Principal inGroup(long otherGroupId) {
    return new Principal(
        apiKeyId, userId, otherGroupId, userConcurrency, requestsPerMinute, tokensPerDay);
  }
}
