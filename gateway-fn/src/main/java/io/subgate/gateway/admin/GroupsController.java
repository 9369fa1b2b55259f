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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admin.AdminViews.GroupView;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import java.util.List;
import java.util.Map;

/** {@code /admin/groups}: create, list and get groups; add accounts to them and take them out. */
@Controller("/admin/groups")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class GroupsController {
  private final GroupRepository groups;
  private final AccountRepository accounts;
  private final JsonMapper json;

  private final CandidateCache candidates;
  private final AdminAudit audit;

  public GroupsController(
      GroupRepository groups,
      AccountRepository accounts,
      JsonMapper json,
      CandidateCache candidates,
      AdminAudit audit) {
    this.audit = audit;
    this.candidates = candidates;
    this.groups = groups;
    this.accounts = accounts;
    this.json = json;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<GroupView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    Platform platform = f.requiredChoice("platform", Platform::fromWire);
    return HttpResponse.created(GroupView.of(groups.create(name, platform), List.of()));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list(
      @QueryValue(value = "after_id", defaultValue = "0") long afterId,
      @QueryValue(defaultValue = "100") int limit) {
    List<GroupView> page =
        groups.list(afterId, AdminPages.limit(limit)).stream()
            .map(g -> GroupView.of(g, groups.accountIds(g.id())))
            .toList();
    return AdminPages.page("groups", page, limit, GroupView::id);
  }

  /** Takes one account out of the group; 404 when it was not a member. */
  @Delete(value = "/{id}/accounts/{accountId}", produces = MediaType.APPLICATION_JSON)
  public GroupView removeAccount(@PathVariable long id, @PathVariable long accountId) {
    GroupView before = get(id);
    if (!groups.removeAccount(id, accountId)) {
      throw new UnknownEntityException("account", accountId);
    }
    candidates.invalidateAll();
    GroupView after = get(id);
    audit.record("group.remove_account", "group:" + id, before, after);
    return after;
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public GroupView get(@PathVariable long id) {
    Group group = groups.findById(id).orElseThrow(() -> new UnknownEntityException("group", id));
    return GroupView.of(group, groups.accountIds(id));
  }

  /** Body {@code {"account_ids":[1,2]}}; every account must exist and match the group platform. */
  @Post(value = "/{id}/accounts", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public GroupView addAccounts(@PathVariable long id, @Body @Nullable String body) {
    Group group = groups.findById(id).orElseThrow(() -> new UnknownEntityException("group", id));
    JsonFields f = JsonFields.parse(json, body);
    List<Long> accountIds = f.requiredIdList("account_ids");
    for (long accountId : accountIds) {
      Account account =
          accounts
              .findById(accountId)
              .orElseThrow(() -> new UnknownEntityException("account", accountId));
      if (account.platform() != group.platform()) {
        throw f.invalid(
            "account_ids",
            "account "
                + accountId
                + " is "
                + account.platform().wireName()
                + " but the group is "
                + group.platform().wireName());
      }
    }
    groups.addAccounts(id, accountIds);
    candidates.invalidateAll();
    return GroupView.of(group, groups.accountIds(id));
  }
}
