package io.subgate.testing;

import io.subgate.rules.ErrorRule;
import io.subgate.rules.ErrorRuleRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ErrorRuleRepository} in memory, for unit tests; held to the same contract as JDBC. */
public final class InMemoryErrorRuleRepository implements ErrorRuleRepository {
  private final Map<Long, ErrorRule> rules = new TreeMap<>();
  private final Clock clock;
  private long next = 1;

  public InMemoryErrorRuleRepository(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized ErrorRule create(ErrorRule r) {
    ErrorRule stored =
        new ErrorRule(
            next++,
            r.accountId(),
            r.platform(),
            r.status(),
            r.keyword(),
            r.action(),
            r.cooldown(),
            r.description(),
            clock.instant());
    rules.put(stored.id(), stored);
    return stored;
  }

  @Override
  public synchronized List<ErrorRule> all() {
    return List.copyOf(rules.values());
  }

  @Override
  public synchronized boolean delete(long id) {
    return rules.remove(id) != null;
  }
}
