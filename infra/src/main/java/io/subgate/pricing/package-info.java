/**
 * What a request costs: the price table (a versioned resource plus the operator's overrides), the
 * token usage an answer reports, normalized across providers, and its cost in USD.
 */
@NullMarked
package io.subgate.pricing;

import org.jspecify.annotations.NullMarked;
