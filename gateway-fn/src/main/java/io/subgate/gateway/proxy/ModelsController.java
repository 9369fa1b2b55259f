package io.subgate.gateway.proxy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.protocol.GoogleProtocol;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.tenancy.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;

/**
 * {@code GET /v1/models}: the models the key's group serves, in the shape of the group's platform
 * (the list shape of its client protocol: Anthropic's, or OpenAI's); {@code GET /v1beta/models} and
 * {@code /v1beta/models/{model}} in Google's. Accounts limited to some models contribute those; an
 * unrestricted account contributes the platform's catalogue ({@link ModelCatalog}).
 */
@Controller
public class ModelsController {
  private final ClientAuth clients;
  private final CandidateCache candidates;
  private final JsonMapper json;

  public ModelsController(ClientAuth clients, CandidateCache candidates, JsonMapper json) {
    this.clients = clients;
    this.candidates = candidates;
    this.json = json;
  }

  @Get(uri = "/v1/models", produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> models(HttpRequest<?> request) {
    return list(request, ClientProtocol.ANTHROPIC, null);
  }

  /** Gemini's model list, in Google's shape. */
  @Get(uri = "/v1beta/models", produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> geminiModels(HttpRequest<?> request) {
    return list(request, ClientProtocol.GOOGLE, null);
  }

  /** One Gemini model, or 404 in Google's shape when the key's group does not serve it. */
  @Get(uri = "/v1beta/models/{model}", produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> geminiModel(
      HttpRequest<?> request, @PathVariable String model) {
    return list(
        request, ClientProtocol.GOOGLE, model.startsWith("models/") ? model.substring(7) : model);
  }

  private MutableHttpResponse<byte[]> list(
      HttpRequest<?> request, ClientProtocol shape, @Nullable String one) {
    Principal principal;
    try {
      principal = clients.require(shape, request);
    } catch (GatewayException e) {
      return clients.error(shape, e);
    }
    Candidates group = candidates.of(principal.groupId()).orElse(null);
    if (group == null) {
      return error(shape, 403, "the API key's group no longer exists");
    }
    Platform platform = group.group().platform();
    TreeSet<String> ids = new TreeSet<>();
    for (Account a : group.accounts()) {
      ids.addAll(a.models());
      if (a.models().isEmpty() && a.mapping().isEmpty()) {
        ids.addAll(ModelCatalog.of(platform));
      }
      // A model mapping names what the account serves: its exact names, and the catalogue's
      // models its patterns cover.
      a.mapping().entries().keySet().stream().filter(k -> !k.endsWith("*")).forEach(ids::add);
      ModelCatalog.of(platform).stream()
          .filter(m -> a.mapping().target(m) != null)
          .forEach(ids::add);
    }
    if (one != null) {
      return ids.contains(one)
          ? HttpResponse.<byte[]>ok(write(GoogleProtocol.model(one)))
              .contentType(MediaType.APPLICATION_JSON_TYPE)
          : error(shape, 404, "models/" + one + " is not served by this API key's group");
    }
    Route route =
        shape == ClientProtocol.GOOGLE
            ? Route.GEMINI_GENERATE
            : platform == Platform.OPENAI ? Route.CHAT_COMPLETIONS : Route.MESSAGES;
    return HttpResponse.<byte[]>ok(write(route.protocol().modelList(ids)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private MutableHttpResponse<byte[]> error(ClientProtocol protocol, int status, String message) {
    return clients.error(protocol, status, message);
  }

  private byte[] write(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
