package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admin.AdminViews.UserView;
import io.subgate.tenancy.User;
import io.subgate.tenancy.UserRepository;

/** {@code /admin/users}: create and get users. */
@Controller("/admin/users")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsersController {
  private final UserRepository users;
  private final JsonMapper json;

  public UsersController(UserRepository users, JsonMapper json) {
    this.users = users;
    this.json = json;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<UserView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    int concurrency = f.optionalInt("concurrency", User.DEFAULT_CONCURRENCY, 1, 10_000);
    return HttpResponse.created(UserView.of(users.create(name, concurrency)));
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public UserView get(@PathVariable long id) {
    return users
        .findById(id)
        .map(UserView::of)
        .orElseThrow(() -> new UnknownEntityException("user", id));
  }
}
