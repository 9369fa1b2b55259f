package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.subgate.account.AccountRepository;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.proxy.OperatorRules;
import io.subgate.rules.ErrorRule;
import io.subgate.rules.ErrorRuleRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /admin/rules}: the operator's rules for upstream failures — {@code status} (and an
 * optional body {@code keyword}) on an account, a platform or any, mapped to {@code cooldown} (for
 * {@code cooldown_seconds}), {@code disable} or {@code pass_through}. Applied after the built-in
 * taxonomy and never to an error the request caused; seen here at once, elsewhere within {@code
 * subgate.rules.cache-ttl}.
 */
@Controller("/admin/rules")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RulesController {
  private final ErrorRuleRepository rules;
  private final AccountRepository accounts;
  private final OperatorRules applied;
  private final AdminAudit audit;
  private final JsonMapper json;

  public RulesController(
      ErrorRuleRepository rules,
      AccountRepository accounts,
      OperatorRules applied,
      AdminAudit audit,
      JsonMapper json) {
    this.rules = rules;
    this.accounts = accounts;
    this.applied = applied;
    this.audit = audit;
    this.json = json;
  }

  /** A rule as shown. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record RuleView(
      long id,
      @Nullable Long accountId,
      @Nullable String platform,
      int status,
      @Nullable String keyword,
      String action,
      long cooldownSeconds,
      String description,
      Instant createdAt) {
    static RuleView of(ErrorRule r) {
      return new RuleView(
          r.id(),
          r.accountId(),
          r.platform() == null ? null : r.platform().wireName(),
          r.status(),
          r.keyword(),
          r.action().wireName(),
          r.cooldown().toSeconds(),
          r.description(),
          r.createdAt());
    }
  }

  /**
   * Body {@code {status, action, account_id?, platform?, keyword?, cooldown_seconds?,
   * description?}}; {@code cooldown_seconds} (1 s to 30 days) is required by {@code cooldown}.
   */
  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<RuleView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    int status = f.optionalInt("status", 0, 100, 599);
    if (status == 0) {
      throw f.invalid("status", "is required: the upstream status the rule matches (100-599)");
    }
    ErrorRule.Action action = f.requiredChoice("action", ErrorRule.Action::fromWire);
    Long accountId = f.optionalId("account_id");
    if (accountId != null && accounts.findById(accountId).filter(a -> !a.deleted()).isEmpty()) {
      throw new UnknownEntityException("account", accountId);
    }
    String platform = f.optionalString("platform", 20);
    int cooldown = f.optionalInt("cooldown_seconds", 0, 1, 30 * 86_400);
    if (action == ErrorRule.Action.COOLDOWN && cooldown == 0) {
      throw f.invalid("cooldown_seconds", "is required by a cooldown rule (1 s to 30 days)");
    }
    String keyword = f.optionalString("keyword", 200);
    String description = f.optionalString("description", 500);
    ErrorRule created =
        rules.create(
            new ErrorRule(
                0,
                accountId,
                platform == null ? null : parsePlatform(f, platform),
                status,
                keyword == null || keyword.isBlank() ? null : keyword,
                action,
                Duration.ofSeconds(cooldown),
                description == null ? "" : description,
                Instant.EPOCH));
    applied.forget();
    RuleView view = RuleView.of(created);
    audit.record("rule.create", "rule:" + created.id(), null, view);
    return HttpResponse.created(view);
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list() {
    return Map.of("rules", rules.all().stream().map(RuleView::of).toList());
  }

  @Delete(value = "/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    ErrorRule before =
        rules.all().stream()
            .filter(r -> r.id() == id)
            .findFirst()
            .orElseThrow(() -> new UnknownEntityException("rule", id));
    rules.delete(id);
    applied.forget();
    audit.record("rule.delete", "rule:" + id, RuleView.of(before), null);
    return HttpResponse.noContent();
  }

  private static Platform parsePlatform(JsonFields f, String raw) {
    try {
      return Platform.fromWire(raw);
    } catch (IllegalArgumentException e) {
      throw f.invalid("platform", String.valueOf(e.getMessage()));
    }
  }
}
