/**
 * The operator's rules for upstream failures: per account, per platform or for all, "this status
 * (and this word in the body) means: park the account for a while, take it out of service, or give
 * the answer to the client unchanged" — applied after the built-in taxonomy, never to an error the
 * request caused.
 */
@NullMarked
package io.subgate.rules;

import org.jspecify.annotations.NullMarked;
