package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admin.AdminViews.CreatedApiKey;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;

/** {@code /admin/api-keys}: issue client keys bound to a user and a group. */
@Controller("/admin/api-keys")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiKeysController {
  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final GroupRepository groups;
  private final JsonMapper json;

  public ApiKeysController(
      ApiKeyRepository keys, UserRepository users, GroupRepository groups, JsonMapper json) {
    this.keys = keys;
    this.users = users;
    this.groups = groups;
    this.json = json;
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
    return HttpResponse.created(CreatedApiKey.of(key, plaintext));
  }
}
