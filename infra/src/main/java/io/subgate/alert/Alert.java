package io.subgate.alert;

import java.time.Instant;

/**
 * One notice: a condition starting ({@code firing}) or clearing.
 *
 * @param condition what is wrong, as a stable key ({@code account.error:7}): one notice per key
 *     until it clears
 * @param kind the event type ({@code account.error}, {@code account.parked}, {@code
 *     group.unschedulable}, {@code refresh.failures}, {@code budget.crossed}, {@code test})
 * @param summary one line for a person
 */
public record Alert(String condition, String kind, boolean firing, String summary, Instant at) {}
