package io.subgate.gateway.client;

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
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.GoogleProtocol;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.proxy.ModelCatalog;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
    TreeSet<String> ids = served(group);
    if (one != null) {
      return ids.contains(one)
          ? HttpResponse.<byte[]>ok(write(GoogleProtocol.model(one)))
              .contentType(MediaType.APPLICATION_JSON_TYPE)
          : error(shape, 404, "models/" + one + " is not served by this API key's group");
    }
    Route route =
        shape == ClientProtocol.GOOGLE
            ? Route.GEMINI_GENERATE
            : openAiShape(request, group.group()) ? Route.CHAT_COMPLETIONS : Route.MESSAGES;
    return HttpResponse.<byte[]>ok(write(route.protocol().modelList(ids)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * The models the group serves: each account's own list, or its platform's catalogue when it
   * serves every model (in a group of several platforms, or with a default model for it, the
   * catalogue is what it is asked for), the names its key mapping gives and the catalogue models
   * its patterns cover, and the group mapping's exact names.
   */
  private static TreeSet<String> served(Candidates group) {
    TreeSet<String> ids = new TreeSet<>();
    for (Account a : group.accounts()) {
      List<String> catalogue = ModelCatalog.of(a.platform());
      ids.addAll(a.models());
      if (a.models().isEmpty() && a.mapping().isEmpty()) {
        ids.addAll(catalogue);
      }
      a.mapping().entries().keySet().stream().filter(k -> !k.endsWith("*")).forEach(ids::add);
      catalogue.stream().filter(m -> a.mapping().target(m) != null).forEach(ids::add);
    }
    if (!group.accounts().isEmpty()) {
      group.group().settings().modelMapping().entries().keySet().stream()
          .filter(k -> !k.endsWith("*"))
          .forEach(ids::add);
    }
    return ids;
  }

  /**
   * Whether {@code /v1/models} answers in OpenAI's shape: for a group of OpenAI accounts, and for a
   * mixed group holding them when the client is not Anthropic's (which sends {@code
   * anthropic-version}).
   */
  private static boolean openAiShape(HttpRequest<?> request, Group group) {
    if (!group.serves(Platform.OPENAI)) {
      return false;
    }
    return !group.mixed() || request.getHeaders().get("anthropic-version") == null;
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
