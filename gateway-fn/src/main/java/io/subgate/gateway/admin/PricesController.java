package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.UnknownEntityException;
import io.subgate.pricing.ModelPrice;
import io.subgate.pricing.PriceBook;
import io.subgate.pricing.PriceJson;
import io.subgate.pricing.PriceOverrides;
import io.subgate.pricing.PriceTable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/prices}: the price table in force (its version, the operator's overrides and the
 * bundled figures with their sources), which price a model name gets, and overrides per model or
 * trailing-{@code *} pattern — put and removed here, seen by this process at once and by the others
 * within {@code subgate.pricing.reload}. Prices are dollars per million tokens.
 */
@Controller("/admin/prices")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PricesController {
  private final PriceBook book;
  private final PriceOverrides overrides;
  private final JsonMapper json;
  private final AdminAudit audit;

  public PricesController(
      PriceBook book, PriceOverrides overrides, JsonMapper json, AdminAudit audit) {
    this.book = book;
    this.overrides = overrides;
    this.json = json;
    this.audit = audit;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> table() {
    PriceTable t = book.reload();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", t.version());
    out.put("overrides", t.overrides().stream().map(PriceJson::write).toList());
    out.put("bundled", t.bundled().stream().map(PriceJson::write).toList());
    return out;
  }

  /** The price {@code model} gets (an override first, then the longest match), or 404. */
  @Get(value = "/match", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> match(@QueryValue String model) {
    PriceTable t = book.table();
    ModelPrice p =
        t.find(model).orElseThrow(() -> new UnknownEntityException("price for model", model));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("version", t.version());
    out.put("price", PriceJson.write(p));
    return out;
  }

  @Put(value = "/{model}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> put(@PathVariable String model, @Body @Nullable String body) {
    ModelPrice price = parse(model, body);
    ModelPrice before =
        overrides.all().stream()
            .filter(p -> p.model().equalsIgnoreCase(model))
            .findFirst()
            .orElse(null);
    overrides.put(price);
    book.reload();
    Map<String, Object> after = PriceJson.write(price);
    audit.record(
        "price.put", "price:" + model, before == null ? null : PriceJson.write(before), after);
    return after;
  }

  @Delete(value = "/{model}")
  public HttpResponse<Void> delete(@PathVariable String model) {
    ModelPrice before =
        overrides.all().stream()
            .filter(p -> p.model().equalsIgnoreCase(model))
            .findFirst()
            .orElseThrow(() -> new UnknownEntityException("price override", model));
    overrides.remove(model);
    book.reload();
    audit.record("price.delete", "price:" + model, PriceJson.write(before), null);
    return HttpResponse.noContent();
  }

  private ModelPrice parse(String model, @Nullable String body) {
    JsonNode node;
    try {
      node = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
    } catch (IOException e) {
      throw new InvalidFieldException("body", "is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidFieldException("body", "must be a JSON object of prices");
    }
    try {
      return PriceJson.read(node, model, "override");
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(": ");
      throw colon > 0
          ? new InvalidFieldException(message.substring(0, colon), message.substring(colon + 2))
          : new InvalidFieldException("body", message);
    }
  }
}
