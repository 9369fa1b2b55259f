package io.subgate.gateway.proxy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Request-path settings ({@code subgate.proxy.*}).
 *
 * @param userWaitTimeout how long a request waits for one of its user's slots
 * @param userMaxWaiting waiters allowed per user
 * @param upstreamTimeout how long a non-streamed request's upstream may take to send its status and
 *     headers (it sends them when its whole answer is ready), and the longest silence while such a
 *     body is read
 * @param connectTimeout how long connecting to an upstream may take
 * @param responseHeaderTimeout how long a streamed request's upstream may take to send its status
 *     and headers; a silent upstream fails over at once after it
 * @param maxAttempts accounts tried per request (a failed one is excluded for the rest of it)
 * @param pingInterval how often a waiting streaming request receives a keep-alive event
 * @param sameAccountRetries in-place retries of a server error or lost connection before switching
 * @param sameAccountRetryDelay pause before each in-place retry
 * @param stickyGraceDelay pause before the one extra try a session's own account gets
 * @param burstCooldown rate-limit cooldown when a 429 gives no reset time (short, never hours)
 * @param overloadCooldown overload cooldown when a 529/503 gives no Retry-After
 * @param maxOverloadCooldown the longest overload cooldown, whatever {@code Retry-After} says
 * @param failureCooldown how long an account that kept failing is left out of selection
 * @param firstTokenTimeout a stream without its first content event after this long fails (over)
 * @param streamIdleTimeout a stream silent for this long fails
 * @param capacityRetries tries on the same account, a second apart, while Google says the model is
 *     out of capacity for everyone ({@code MODEL_CAPACITY_EXHAUSTED}; sub2api waits so 60 times)
 * @param releaseInBackground a request's slots and charges go back to the shared store without its
 *     thread waiting for the answer (off under Lambda: a sandbox may freeze with one in flight)
 * @param requestDeadline when set, a request still unanswered (or a stream still open) after this
 *     long is ended with a protocol error (Lambda: below API Gateway's 30 s integration limit)
 */
@ConfigurationProperties("subgate.proxy")
public record ProxySettings(
    @Bindable(defaultValue = "30s") Duration userWaitTimeout,
    @Bindable(defaultValue = "20") int userMaxWaiting,
    @Bindable(defaultValue = "5m") Duration upstreamTimeout,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "30s") Duration responseHeaderTimeout,
    @Bindable(defaultValue = "3") int maxAttempts,
    @Bindable(defaultValue = "10s") Duration pingInterval,
    @Bindable(defaultValue = "3") int sameAccountRetries,
    @Bindable(defaultValue = "500ms") Duration sameAccountRetryDelay,
    @Bindable(defaultValue = "1500ms") Duration stickyGraceDelay,
    @Bindable(defaultValue = "30s") Duration burstCooldown,
    @Bindable(defaultValue = "30s") Duration overloadCooldown,
    @Bindable(defaultValue = "5m") Duration maxOverloadCooldown,
    @Bindable(defaultValue = "30s") Duration failureCooldown,
    @Bindable(defaultValue = "60s") Duration firstTokenTimeout,
    @Bindable(defaultValue = "180s") Duration streamIdleTimeout,
    @Bindable(defaultValue = "60") int capacityRetries,
    @Bindable(defaultValue = "true") boolean releaseInBackground,
    @Nullable Duration requestDeadline) {}
