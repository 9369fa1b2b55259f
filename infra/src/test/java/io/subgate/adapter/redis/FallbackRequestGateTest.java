package io.subgate.adapter.redis;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.subgate.routing.RequestGate;
import org.junit.jupiter.api.Test;

/**
 * The gate the request path sees with Redis configured: while Redis answers, every test of the
 * Redis gate (the contract, round trips, scripts Redis forgot) holds through it.
 */
class FallbackRequestGateTest extends RedisRequestGateTest {

  @Override
  protected RequestGate gate() {
    return db().bean(RequestGate.class);
  }

  @Test
  void theRequestPathsGate_isTheFallback() {
    assertInstanceOf(FallbackRequestGate.class, gate());
  }
}
