package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
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
import io.subgate.tenancy.GroupSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/groups}: create, change, list and get groups; add accounts to them and take them
 * out.
 */
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

  /**
   * Body {@code {"name", "platform"}} ({@code mixed} for every platform) or {@code {"name",
   * "platforms":[…]}}, and optionally {@code model_mapping}, {@code default_models} (per platform)
   * and {@code fallback_group_id}.
   */
  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<GroupView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    Set<Platform> platforms = GroupFields.platforms(f, null);
    GroupSettings settings = GroupFields.settings(f, platforms, GroupSettings.NONE);
    requireFallback(f, settings, null);
    Group group = groups.create(name, platforms, settings);
    GroupView view = GroupView.of(group, List.of());
    audit.record("group.create", "group:" + group.id(), null, view);
    return HttpResponse.created(view);
  }

  /**
   * Changes the name, platforms or settings, fenced on {@code version}; a platform still held by a
   * member cannot be taken away.
   */
  @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public GroupView update(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    long version = f.requiredVersion("version");
    Group before = existing(id);
    String name = f.has("name") ? f.requiredString("name", 200) : before.name();
    Set<Platform> platforms = GroupFields.platforms(f, before.platforms());
    for (long accountId : groups.accountIds(id)) {
      accounts
          .findById(accountId)
          .filter(a -> !platforms.contains(a.platform()))
          .ifPresent(
              a -> {
                throw f.invalid(
                    "platforms",
                    "account " + a.id() + " of the group is " + a.platform().wireName());
              });
    }
    GroupSettings settings = GroupFields.settings(f, platforms, before.settings());
    requireFallback(f, settings, id);
    if (!groups.update(id, version, name, platforms, settings)) {
      throw new ConflictException(
          "version",
          "the group changed since version "
              + version
              + " (now "
              + existing(id).version()
              + "); read it again and retry");
    }
    candidates.invalidateAll();
    GroupView after = get(id);
    audit.record("group.update", "group:" + id, GroupView.of(before, groups.accountIds(id)), after);
    return after;
  }

  /**
   * Deletes the group and lets its accounts go; 409 while a key, or another group's fallback,
   * points at it (move or delete them first). 204.
   */
  @Delete(value = "/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    GroupView before = get(id);
    long keys = groups.liveKeys(id);
    if (keys > 0) {
      throw new ConflictException(
          "id", keys + " key(s) still use group " + id + "; delete them or move them first");
    }
    List<Long> fallingBack = groups.fallingBackTo(id);
    if (!fallingBack.isEmpty()) {
      throw new ConflictException(
          "id", "group(s) " + fallingBack + " name group " + id + " as their fallback");
    }
    if (!groups.delete(id)) {
      throw new ConflictException("id", "group " + id + " came into use meanwhile; read it again");
    }
    candidates.invalidateAll();
    audit.record("group.delete", "group:" + id, before, null);
    return HttpResponse.noContent();
  }

  private void requireFallback(JsonFields f, GroupSettings settings, @Nullable Long self) {
    Long fallback = settings.fallbackGroupId();
    if (fallback == null) {
      return;
    }
    if (fallback.equals(self)) {
      throw f.invalid("fallback_group_id", "a group cannot be its own fallback");
    }
    if (groups.findById(fallback).isEmpty()) {
      throw f.invalid("fallback_group_id", "group " + fallback + " does not exist");
    }
  }

  private Group existing(long id) {
    return groups.findById(id).orElseThrow(() -> new UnknownEntityException("group", id));
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
    return GroupView.of(existing(id), groups.accountIds(id));
  }

  /**
   * Body {@code {"account_ids":[1,2]}}; every account must exist and be of a platform the group
   * holds.
   */
  @Post(value = "/{id}/accounts", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public GroupView addAccounts(@PathVariable long id, @Body @Nullable String body) {
    Group group = existing(id);
    JsonFields f = JsonFields.parse(json, body);
    List<Long> accountIds = f.requiredIdList("account_ids");
    for (long accountId : accountIds) {
      Account account =
          accounts
              .findById(accountId)
              .orElseThrow(() -> new UnknownEntityException("account", accountId));
      if (!group.serves(account.platform())) {
        throw f.invalid(
            "account_ids",
            "account "
                + accountId
                + " is "
                + account.platform().wireName()
                + " but the group holds "
                + group.platformList());
      }
    }
    groups.addAccounts(id, accountIds);
    candidates.invalidateAll();
    return GroupView.of(group, groups.accountIds(id));
  }
}
