package io.subgate.gateway.proxy;

import io.micronaut.context.annotation.Value;
import io.subgate.account.Account;
import io.subgate.gateway.dialect.UpstreamFailure;
import io.subgate.rules.ErrorRule;
import io.subgate.rules.ErrorRuleRepository;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The operator's rules ({@code /admin/rules}) applied to an upstream failure the built-in taxonomy
 * found: the first rule that matches — an account's own before its platform's before one for all,
 * then the oldest — decides instead (park for its cooldown, take the account out of service, or
 * give the answer to the client unchanged). Never applied to what the request caused: those answers
 * are the client's before any rule is asked, and a refused model is the request's too. Rules are
 * read on a failure only, and kept for {@code subgate.rules.cache-ttl} (5 s).
 */
@Singleton
public final class OperatorRules {
  private static final int BODY_SCANNED = 65_536;

  private final ErrorRuleRepository rules;
  private final Clock clock;
  private final Duration ttl;
  private volatile Loaded loaded = new Loaded(List.of(), Instant.MIN);

  public OperatorRules(
      ErrorRuleRepository rules,
      Clock clock,
      @Value("${subgate.rules.cache-ttl:5s}") Duration ttl) {
    this.rules = rules;
    this.clock = clock;
    this.ttl = ttl;
  }

  private record Loaded(List<ErrorRule> rules, Instant until) {}

  /**
   * What becomes of {@code builtIn} (the taxonomy's failure for an answer of {@code status} with
   * {@code body} on {@code account}): itself, the matching rule's failure, or empty when the rule
   * passes the answer to the client unchanged.
   */
  Optional<UpstreamFailure> apply(
      Account account, int status, byte[] body, UpstreamFailure builtIn) {
    if (builtIn.kind() == UpstreamFailure.Kind.MODEL_REFUSED || status == 0) {
      return Optional.of(builtIn);
    }
    String text = new String(body, 0, Math.min(body.length, BODY_SCANNED), StandardCharsets.UTF_8);
    for (ErrorRule rule : current()) {
      if (rule.matches(account.id(), account.platform(), status, text)) {
        String why =
            "rule " + rule.id() + (rule.description().isBlank() ? "" : ": " + rule.description());
        return switch (rule.action()) {
          case PASS_THROUGH -> Optional.empty();
          case COOLDOWN ->
              Optional.of(
                  new UpstreamFailure(
                      UpstreamFailure.Kind.RULED, status, rule.cooldown(), body, why));
          case DISABLE -> Optional.of(builtIn.breakingAccount(why));
        };
      }
    }
    return Optional.of(builtIn);
  }

  /** Drops the rules this process holds, after an operator changed them. */
  public void forget() {
    loaded = new Loaded(List.of(), Instant.MIN);
  }

  private List<ErrorRule> current() {
    Loaded now = loaded;
    Instant at = clock.instant();
    if (now.until().isAfter(at)) {
      return now.rules();
    }
    List<ErrorRule> ordered =
        rules.all().stream()
            .sorted(Comparator.comparingInt(ErrorRule::scopeRank).thenComparingLong(ErrorRule::id))
            .toList();
    loaded = new Loaded(ordered, at.plus(ttl));
    return ordered;
  }
}
