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
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admin.AdminViews.UserView;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.KeyRevocations;
import io.subgate.tenancy.User;
import io.subgate.tenancy.UserRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /admin/users}: create, list, get, disable and enable users. */
@Controller("/admin/users")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsersController {
  private final UserRepository users;
  private final ApiKeyRepository keys;
  private final JsonMapper json;
  private final KeyRevocations revocations;
  private final AdminAudit audit;

  public UsersController(
      UserRepository users,
      ApiKeyRepository keys,
      JsonMapper json,
      KeyRevocations revocations,
      AdminAudit audit) {
    this.users = users;
    this.keys = keys;
    this.json = json;
    this.revocations = revocations;
    this.audit = audit;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list(
      @QueryValue(value = "after_id", defaultValue = "0") long afterId,
      @QueryValue(defaultValue = "100") int limit) {
    List<UserView> page =
        users.list(afterId, AdminPages.limit(limit)).stream().map(UserView::of).toList();
    return AdminPages.page("users", page, limit, UserView::id);
  }

  /** Every key of the user stops: here at once, in every other process within the auth TTL. */
  @Post(value = "/{id}/disable", produces = MediaType.APPLICATION_JSON)
  public UserView disable(@PathVariable long id) {
    return active(id, false);
  }

  @Post(value = "/{id}/enable", produces = MediaType.APPLICATION_JSON)
  public UserView enable(@PathVariable long id) {
    return active(id, true);
  }

  private UserView active(long id, boolean active) {
    UserView before = get(id);
    users.setActive(id, active);
    revocations.announce(Optional.empty());
    UserView after = get(id);
    audit.record(active ? "user.enable" : "user.disable", "user:" + id, before, after);
    return after;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<UserView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    int concurrency = f.optionalInt("concurrency", User.DEFAULT_CONCURRENCY, 1, 10_000);
    UserView created = UserView.of(users.create(name, concurrency));
    audit.record("user.create", "user:" + created.id(), null, created);
    return HttpResponse.created(created);
  }

  /** Renames the user ({@code name}) or sets its slot limit ({@code concurrency}). */
  @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public UserView update(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    UserView before = get(id);
    String name = f.has("name") ? f.requiredString("name", 200) : before.name();
    int concurrency = f.optionalInt("concurrency", before.concurrency(), 1, 10_000);
    if (!users.update(id, name, concurrency)) {
      throw new UnknownEntityException("user", id);
    }
    UserView after = get(id);
    audit.record("user.update", "user:" + id, before, after);
    return after;
  }

  /**
   * Deletes the user and its keys (they stop here at once, in every other process within the auth
   * TTL); its usage stays. 204.
   */
  @Delete(value = "/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    UserView before = get(id);
    for (ApiKey key : keys.list(id, 0, Integer.MAX_VALUE)) {
      keys.delete(key.id());
      revocations.announce(Optional.of(key.keyHash()));
    }
    users.delete(id);
    revocations.announce(Optional.empty());
    audit.record("user.delete", "user:" + id, before, null);
    return HttpResponse.noContent();
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public UserView get(@PathVariable long id) {
    return users
        .findById(id)
        .map(UserView::of)
        .orElseThrow(() -> new UnknownEntityException("user", id));
  }
}
