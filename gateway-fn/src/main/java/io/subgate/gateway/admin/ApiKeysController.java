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
import io.subgate.gateway.admin.AdminViews.ApiKeyView;
import io.subgate.gateway.admin.AdminViews.CreatedApiKey;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.KeyRevocations;
import io.subgate.tenancy.UserRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/api-keys}: issue client keys bound to a user and a group, list them, revoke, rename
 * and expire them.
 */
@Controller("/admin/api-keys")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiKeysController {
  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final GroupRepository groups;
  private final JsonMapper json;
  private final KeyRevocations revocations;
  private final AdminAudit audit;

  public ApiKeysController(
      ApiKeyRepository keys,
      UserRepository users,
      GroupRepository groups,
      JsonMapper json,
      KeyRevocations revocations,
      AdminAudit audit) {
    this.keys = keys;
    this.users = users;
    this.groups = groups;
    this.json = json;
    this.revocations = revocations;
    this.audit = audit;
  }

  /** Keys (prefix, status, expiry; never the key) in id order, of one user when given. */
  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list(
      @QueryValue(value = "user_id") @Nullable Long userId,
      @QueryValue(value = "after_id", defaultValue = "0") long afterId,
      @QueryValue(defaultValue = "100") int limit) {
    List<ApiKeyView> page =
        keys.list(userId, afterId, AdminPages.limit(limit)).stream().map(ApiKeyView::of).toList();
    return AdminPages.page("api_keys", page, limit, ApiKeyView::id);
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public ApiKeyView get(@PathVariable long id) {
    return ApiKeyView.of(existing(id));
  }

  /**
   * Revokes the key: refused here at once, by every other process as soon as it hears (Redis
   * pub/sub), and at the latest when its cached answer expires ({@code subgate.auth.cache-ttl}).
   */
  @Post(value = "/{id}/revoke", produces = MediaType.APPLICATION_JSON)
  public ApiKeyView revoke(@PathVariable long id) {
    ApiKey before = existing(id);
    keys.setActive(id, false);
    revocations.announce(Optional.of(before.keyHash()));
    ApiKeyView after = ApiKeyView.of(existing(id));
    audit.record("api_key.revoke", "api_key:" + id, ApiKeyView.of(before), after);
    return after;
  }

  /**
   * Renames the key, sets or clears its expiry ({@code expires_at}: RFC 3339, epoch, null) and its
   * own limits ({@code requests_per_minute}, {@code tokens_per_day}; 0 for none).
   */
  @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public ApiKeyView update(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    ApiKey before = existing(id);
    String name = f.has("name") ? f.requiredString("name", 200) : before.name();
    java.time.Instant expiresAt =
        f.has("expires_at") ? f.optionalInstant("expires_at") : before.expiresAt();
    int perMinute = f.optionalInt("requests_per_minute", before.requestsPerMinute(), 0, 1_000_000);
    long perDay = f.optionalCount("tokens_per_day", before.tokensPerDay());
    keys.update(id, name, expiresAt, perMinute, perDay);
    revocations.announce(Optional.of(before.keyHash()));
    ApiKeyView after = ApiKeyView.of(existing(id));
    audit.record("api_key.update", "api_key:" + id, ApiKeyView.of(before), after);
    return after;
  }

  /** Deletes the key (it stops at once, everywhere within the auth TTL); its usage stays. 204. */
  @Delete(value = "/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    ApiKey before = existing(id);
    keys.delete(id);
    revocations.announce(Optional.of(before.keyHash()));
    audit.record("api_key.delete", "api_key:" + id, ApiKeyView.of(before), null);
    return HttpResponse.noContent();
  }

  private ApiKey existing(long id) {
    return keys.findById(id).orElseThrow(() -> new UnknownEntityException("api key", id));
  }

  /** The response carries the plaintext key; it is not stored and cannot be shown again. */
  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<CreatedApiKey> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    long userId = f.requiredLong("user_id");
    long groupId = f.requiredLong("group_id");
    String name = f.requiredString("name", 200);
    if (users.findById(userId).isEmpty()) {
      throw new UnknownEntityException("user", userId);
    }
    if (groups.findById(groupId).isEmpty()) {
      throw new UnknownEntityException("group", groupId);
    }
    String plaintext = ApiKeys.generate();
    ApiKey key =
        keys.create(
            userId, groupId, name, ApiKeys.hash(plaintext), ApiKeys.displayPrefix(plaintext));
    audit.record("api_key.create", "api_key:" + key.id(), null, ApiKeyView.of(key));
    return HttpResponse.created(CreatedApiKey.of(key, plaintext));
  }
}
