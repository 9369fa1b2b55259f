package io.subgate.rules;

import java.util.List;

/**
 * The operator's {@link ErrorRule}s.
 *
 * <p>Contract: {@link #create} assigns the id and creation time; {@link #all} lists by id; {@link
 * #delete} is false when there was no such rule. Thread-safe.
 */
public interface ErrorRuleRepository {

  /** Stores {@code rule} (its id and creation time are ignored) and returns it as stored. */
  ErrorRule create(ErrorRule rule);

  List<ErrorRule> all();

  boolean delete(long id);
}
