package io.subgate.gateway.admin;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.SelectionSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/accounts/slots?ids=1,2,…}: the slots each account has in use and the requests
 * waiting for one, across every gateway process, read in one round trip (what the dashboard polls).
 */
@Controller("/admin/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountSlotsController {
  static final int MAX_IDS = 500;
  private final ConcurrencySlots slots;
  private final SelectionSettings selection;

  public AccountSlotsController(ConcurrencySlots slots, SelectionSettings selection) {
    this.slots = slots;
    this.selection = selection;
  }

  @Get(value = "/slots", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> slots(@QueryValue String ids) {
    List<SlotPool> pools = new ArrayList<>();
    for (String part : ids.split(",", -1)) {
      try {
        pools.add(SlotPool.account(Long.parseLong(part.trim())));
      } catch (NumberFormatException e) {
        throw new InvalidFieldException("ids", "must be account ids separated by commas");
      }
    }
    if (pools.size() > MAX_IDS) {
      throw new InvalidFieldException("ids", "at most " + MAX_IDS + " at once");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    slots
        .loads(pools, selection.slotTtl())
        .forEach(
            (pool, load) ->
                out.put(
                    Long.toString(pool.id()),
                    Map.of("in_use", load.inUse(), "waiting", load.waiting())));
    return Map.of("slots", out);
  }
}
