package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.Credentials;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.egress.EgressProxy;
import io.subgate.gateway.admin.AdminViews.AccountList;
import io.subgate.gateway.admin.AdminViews.AccountView;
import io.subgate.gateway.dialect.DialectRegistry;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.GroupRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code /admin/accounts}: create, list (with filters) and get accounts. */
@Controller("/admin/accounts")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountsController {
  private static final int MAX_PAGE = 500;
  private static final int MAX_SORTED = 10_000;

  private final AccountRepository accounts;
  private final JsonMapper json;
  private final Clock clock;
  private final CandidateCache candidates;
  private final AccountCredentials credentials;
  private final AdminAudit audit;
  private final AccountEgress egress;
  private final GroupRepository groups;

  public AccountsController(
      AccountRepository accounts,
      JsonMapper json,
      Clock clock,
      CandidateCache candidates,
      AccountCredentials credentials,
      AdminAudit audit,
      GroupRepository groups,
      AccountEgress egress) {
    this.egress = egress;
    this.groups = groups;
    this.accounts = accounts;
    this.candidates = candidates;
    this.json = json;
    this.clock = clock;
    this.credentials = credentials;
    this.audit = audit;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AccountView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    Platform platform = f.requiredChoice("platform", Platform::fromWire);
    AccountType type = f.requiredChoice("type", AccountType::fromWire);
    int priority = f.optionalInt("priority", NewAccount.DEFAULT_PRIORITY, 0, 10_000);
    int concurrency = f.optionalInt("concurrency", NewAccount.DEFAULT_CONCURRENCY, 1, 1_000);
    if (!DialectRegistry.accountTypes(platform).contains(type)) {
      throw new InvalidFieldException(
          "type",
          platform.wireName()
              + " has no "
              + type.wireName()
              + " accounts; it has "
              + DialectRegistry.accountTypes(platform).stream()
                  .map(AccountType::wireName)
                  .sorted()
                  .toList());
    }
    Long proxyId = f.optionalId("proxy_id");
    EgressProxy via = egress.resolve(f, proxyId);
    Credentials credentials =
        this.credentials.of(f.requiredObject("credentials"), platform, type, via);
    List<String> models = f.optionalStringList("models", 200, 200);
    Account created =
        egress.keep(
            accounts.create(
                new NewAccount(name, platform, type, priority, concurrency, credentials, models)),
            proxyId);
    candidates.invalidateAll();
    AccountView view = AccountView.of(created, clock);
    audit.record("account.create", "account:" + created.id(), null, view);
    return HttpResponse.created(view);
  }

  /**
   * A page of accounts in id order, filtered by platform, status, group and whether selection may
   * pick them now; {@code next_after_id} continues after the last account looked at.
   */
  @Get(produces = MediaType.APPLICATION_JSON)
  public AccountList list(
      @QueryValue(value = "after_id", defaultValue = "0") long afterId,
      @QueryValue(defaultValue = "100") int limit,
      @QueryValue @Nullable String platform,
      @QueryValue @Nullable String status,
      @QueryValue(value = "group_id") @Nullable Long groupId,
      @QueryValue(value = "schedulable_now") @Nullable Boolean schedulableNow,
      @QueryValue @Nullable String sort,
      @QueryValue(defaultValue = "0") int offset) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidFieldException("limit", "must be between 1 and " + MAX_PAGE);
    }
    Comparator<Account> order = sort == null || sort.equals("id") ? null : order(sort);
    Platform wantedPlatform =
        platform == null ? null : choice("platform", platform, Platform::fromWire);
    AccountStatus wantedStatus =
        status == null ? null : choice("status", status, AccountStatus::fromWire);
    Set<Long> members = groupId == null ? null : members(groupId);
    Instant now = clock.instant();
    if (order != null) {
      return sorted(
          order,
          offset,
          limit,
          a -> matches(a, wantedPlatform, wantedStatus, members, schedulableNow, now));
    }
    List<AccountView> page = new ArrayList<>();
    long cursor = afterId;
    boolean more = true;
    while (page.size() < limit && more) {
      List<Account> batch = accounts.listAfter(cursor, MAX_PAGE);
      more = batch.size() == MAX_PAGE;
      for (Account a : batch) {
        cursor = a.id();
        if ((wantedPlatform == null || a.platform() == wantedPlatform)
            && (wantedStatus == null || a.status() == wantedStatus)
            && (members == null || members.contains(a.id()))
            && (schedulableNow == null || a.isSchedulableAt(now) == schedulableNow)) {
          page.add(AccountView.of(a, clock));
          if (page.size() == limit) {
            more = true;
            break;
          }
        }
      }
    }
    return new AccountList(page, more ? cursor : null);
  }

  private Set<Long> members(long groupId) {
    if (groups.findById(groupId).isEmpty()) {
      throw new UnknownEntityException("group", groupId);
    }
    return new HashSet<>(groups.accountIds(groupId));
  }

  private static boolean matches(
      Account a,
      @Nullable Platform platform,
      @Nullable AccountStatus status,
      @Nullable Set<Long> members,
      @Nullable Boolean schedulableNow,
      Instant now) {
    return (platform == null || a.platform() == platform)
        && (status == null || a.status() == status)
        && (members == null || members.contains(a.id()))
        && (schedulableNow == null || a.isSchedulableAt(now) == schedulableNow);
  }

  /**
   * A page of every matching account (at most {@value #MAX_SORTED}) in {@code order}, from {@code
   * offset}; {@code next_offset} continues it.
   */
  private AccountList sorted(
      Comparator<Account> order,
      int offset,
      int limit,
      java.util.function.Predicate<Account> keep) {
    if (offset < 0) {
      throw new InvalidFieldException("offset", "must be 0 or more");
    }
    List<Account> all = new ArrayList<>();
    long cursor = 0;
    while (all.size() < MAX_SORTED) {
      List<Account> batch = accounts.listAfter(cursor, MAX_PAGE);
      batch.stream().filter(keep).forEach(all::add);
      if (batch.size() < MAX_PAGE) {
        break;
      }
      cursor = batch.get(batch.size() - 1).id();
    }
    all.sort(order.thenComparingLong(Account::id));
    List<AccountView> page =
        all.stream().skip(offset).limit(limit).map(a -> AccountView.of(a, clock)).toList();
    Integer next = offset + page.size() < all.size() ? offset + page.size() : null;
    return new AccountList(page, null, next);
  }

  private static Comparator<Account> order(String sort) {
    switch (sort) {
      case "priority":
        return Comparator.comparingInt(Account::priority);
      case "name":
        return Comparator.comparing(Account::name);
      case "created":
        return Comparator.comparing(Account::createdAt);
      case "last_used":
        return Comparator.comparing(
            Account::lastUsedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
      default:
        throw new InvalidFieldException(
            "sort", "must be one of id, priority, name, created, last_used");
    }
  }

  private static <T> T choice(
      String field, String raw, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, String.valueOf(e.getMessage()));
    }
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public AccountView get(@PathVariable long id) {
    return accounts
        .findById(id)
        .map(a -> AccountView.of(a, clock))
        .orElseThrow(() -> new UnknownEntityException("account", id));
  }
}
