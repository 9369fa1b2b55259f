package io.subgate.token;

/**
 * A held refresh lock.
 *
 * @param key the locked resource
 * @param owner random token identifying this holder; only it can release the lease
 * @param backend which lock backend granted it (for logs and metrics)
 */
public record Lease(String key, String owner, String backend) {}
