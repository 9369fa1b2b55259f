package io.subgate.account;

import java.time.Instant;

/**
 * The last time an upstream refused to serve through an account, for operators.
 *
 * @param status the upstream status (0: no answer)
 * @param kind the failure class (rate_limited, overloaded, unauthorized, forbidden, server_error,
 *     no_answer)
 */
public record LastUpstreamFailure(int status, String kind, Instant at) {}
