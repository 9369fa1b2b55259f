package io.subgate.gateway.proxy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.tenancy.ApiKeyAuthenticator;
import io.subgate.tenancy.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /v1/models}: the models the key's group serves, in the shape of the group's platform
 * (Anthropic's model list, or OpenAI's). Accounts limited to some models contribute those; an
 * unrestricted account contributes the platform's catalogue ({@link ModelCatalog}).
 */
@Controller
public class ModelsController {
  private final ApiKeyAuthenticator auth;
  private final CandidateCache candidates;
  private final JsonMapper json;

  public ModelsController(ApiKeyAuthenticator auth, CandidateCache candidates, JsonMapper json) {
    this.auth = auth;
    this.candidates = candidates;
    this.json = json;
  }

  @Get(uri = "/v1/models", produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> models(HttpRequest<?> request) {
    Principal principal =
        ClientKeys.extract(request.getHeaders()).flatMap(auth::authenticate).orElse(null);
    ClientProtocol fallback = ClientProtocol.ANTHROPIC;
    if (principal == null) {
      return error(fallback, 401, "invalid or missing API key");
    }
    Candidates group = candidates.of(principal.groupId()).orElse(null);
    if (group == null) {
      return error(fallback, 403, "the API key's group no longer exists");
    }
    Platform platform = group.group().platform();
    TreeSet<String> ids = new TreeSet<>();
    for (Account a : group.accounts()) {
      ids.addAll(a.models().isEmpty() ? ModelCatalog.of(platform) : a.models());
    }
    return HttpResponse.<byte[]>ok(
            write(platform == Platform.OPENAI ? openAi(ids) : anthropic(ids)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static Map<String, Object> anthropic(TreeSet<String> ids) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "model");
      m.put("id", id);
      m.put("display_name", id);
      m.put("created_at", "2025-01-01T00:00:00Z");
      data.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("has_more", false);
    body.put("first_id", ids.isEmpty() ? null : ids.first());
    body.put("last_id", ids.isEmpty() ? null : ids.last());
    return body;
  }

  private static Map<String, Object> openAi(TreeSet<String> ids) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 1735689600L);
      m.put("owned_by", "openai");
      data.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    return body;
  }

  private MutableHttpResponse<byte[]> error(ClientProtocol protocol, int status, String message) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(status))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(protocol.errorBody(json, status, message));
  }

  private byte[] write(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
