package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admission.BudgetStatus;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.KeyRevocations;
import io.subgate.tenancy.LimitRepository;
import io.subgate.tenancy.Limits;
import io.subgate.tenancy.Owner;
import io.subgate.tenancy.UserRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/{api-keys|users|groups}/{id}/limits}: requests per minute and USD budgets (per 5
 * hours, UTC day, week and month) of a key, a user (across its keys) or a group (across every key
 * of the group), with where each budget stands now. {@code PUT} replaces them (a field left out is
 * none); a key's requests per minute and tokens per day are the key's own fields, set here too.
 * Every process applies a change at once (the auth cache is told to forget), audited.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LimitsController {
  private final LimitRepository limits;
  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final GroupRepository groups;
  private final KeyRevocations revocations;
  private final RequestGate gate;
  private final JsonMapper json;
  private final AdminAudit audit;
  private final Clock clock;

  public LimitsController(
      LimitRepository limits,
      ApiKeyRepository keys,
      UserRepository users,
      GroupRepository groups,
      KeyRevocations revocations,
      RequestGate gate,
      JsonMapper json,
      AdminAudit audit,
      Clock clock) {
    this.limits = limits;
    this.keys = keys;
    this.users = users;
    this.groups = groups;
    this.revocations = revocations;
    this.gate = gate;
    this.json = json;
    this.audit = audit;
    this.clock = clock;
  }

  @Get(value = "/api-keys/{id}/limits", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> keyLimits(@PathVariable long id) {
    ApiKey key = key(id);
    Map<String, Object> out = view(Owner.key(id), key.requestsPerMinute());
    out.put("tokens_per_day", key.tokensPerDay());
    return out;
  }

  @Put(
      value = "/api-keys/{id}/limits",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> setKeyLimits(@PathVariable long id, @Body @Nullable String body) {
    ApiKey key = key(id);
    JsonFields f = JsonFields.parse(json, body);
    int perMinute = f.optionalInt("requests_per_minute", 0, 0, 1_000_000);
    long perDay = f.optionalCount("tokens_per_day", 0);
    Limits next = new Limits(0, f.optionalBudgets("budgets"));
    Map<String, Object> before = keyLimits(id);
    keys.update(id, key.name(), key.expiresAt(), perMinute, perDay);
    limits.put(Owner.key(id), next);
    revocations.announce(Optional.of(key.keyHash()));
    Map<String, Object> after = keyLimits(id);
    audit.record("api_key.limits", "api_key:" + id, before, after);
    return after;
  }

  @Get(value = "/users/{id}/limits", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> userLimits(@PathVariable long id) {
    if (users.findById(id).isEmpty()) {
      throw new UnknownEntityException("user", id);
    }
    return view(Owner.user(id), null);
  }

  @Put(
      value = "/users/{id}/limits",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> setUserLimits(@PathVariable long id, @Body @Nullable String body) {
    return set(Owner.user(id), userLimits(id), body);
  }

  @Get(value = "/groups/{id}/limits", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> groupLimits(@PathVariable long id) {
    if (groups.findById(id).isEmpty()) {
      throw new UnknownEntityException("group", id);
    }
    return view(Owner.group(id), null);
  }

  @Put(
      value = "/groups/{id}/limits",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> setGroupLimits(@PathVariable long id, @Body @Nullable String body) {
    return set(Owner.group(id), groupLimits(id), body);
  }

  private Map<String, Object> set(Owner owner, Map<String, Object> before, @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    Limits next =
        new Limits(
            f.optionalInt("requests_per_minute", 0, 0, 1_000_000), f.optionalBudgets("budgets"));
    limits.put(owner, next);
    // Every key of the user or group may carry the old limits: every process forgets them all.
    revocations.announce(Optional.empty());
    Map<String, Object> after = view(owner, null);
    audit.record(owner.kind().wireName() + ".limits", owner.wireName(), before, after);
    return after;
  }

  private Map<String, Object> view(Owner owner, @Nullable Integer keyPerMinute) {
    Limits set = limits.find(List.of(owner)).getOrDefault(owner, Limits.NONE);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("owner", owner.wireName());
    out.put("requests_per_minute", keyPerMinute != null ? keyPerMinute : set.requestsPerMinute());
    out.put("budgets", BudgetStatus.limits(set.budgets()));
    out.put("spend", BudgetStatus.of(gate, owner, set.budgets(), clock.instant()));
    return out;
  }

  private ApiKey key(long id) {
    return keys.findById(id).orElseThrow(() -> new UnknownEntityException("api key", id));
  }
}
