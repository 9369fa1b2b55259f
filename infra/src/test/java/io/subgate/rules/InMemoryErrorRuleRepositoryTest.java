package io.subgate.rules;

import io.subgate.testing.InMemoryErrorRuleRepository;
import java.time.Clock;

class InMemoryErrorRuleRepositoryTest extends ErrorRuleRepositoryContract {
  private final ErrorRuleRepository rules = new InMemoryErrorRuleRepository(Clock.systemUTC());

  @Override
  protected ErrorRuleRepository rules() {
    return rules;
  }
}
