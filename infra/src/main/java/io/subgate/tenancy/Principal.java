package io.subgate.tenancy;

/**
 * The authenticated caller of a gateway request.
 *
 * @param userConcurrency the user's slot limit across all of its keys
 */
public record Principal(long apiKeyId, long userId, long groupId, int userConcurrency) {}
