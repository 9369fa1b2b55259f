package io.subgate.gateway.admin;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.QuotaReport;
import io.subgate.account.QuotaWindow;
import io.subgate.account.UnknownEntityException;
import io.subgate.pricing.Usd;
import io.subgate.tenancy.UsageQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/accounts/{id}/spend}: what an account's requests cost at API prices in its
 * current 5-hour and 7-day windows — for a subscription, what it saved against the API. A window is
 * the provider's own when the account's last quota report names it (from its start to now),
 * otherwise the rolling last 5 hours or 7 days.
 */
@Controller("/admin/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountSpendController {
  private final AccountRepository accounts;
  private final UsageQueries usage;
  private final Clock clock;

  public AccountSpendController(AccountRepository accounts, UsageQueries usage, Clock clock) {
    this.accounts = accounts;
    this.usage = usage;
    this.clock = clock;
  }

  @Get(value = "/{id}/spend", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> spend(@PathVariable long id) {
    Account account =
        accounts.findById(id).orElseThrow(() -> new UnknownEntityException("account", id));
    Instant now = clock.instant();
    List<Map<String, Object>> windows = new ArrayList<>();
    for (String label : List.of("5h", "7d")) {
      Instant from = now.minus(label.equals("5h") ? Duration.ofHours(5) : Duration.ofDays(7));
      String source = "rolling";
      QuotaWindow reported = reported(account.quota(), label, now);
      if (reported != null) {
        from = reported.resetsAt().minus(Duration.ofMinutes(reported.windowMinutes()));
        source = "provider";
      }
      UsageQueries.Spend s = usage.accountSpend(id, from, now);
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("label", label);
      w.put("source", source);
      w.put("from", from);
      w.put("to", now);
      w.put("requests", s.requests());
      w.put("api_price_usd", Usd.dollars(s.costPico()));
      w.put("unpriced_requests", s.unpriced());
      windows.add(w);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("account_id", id);
    out.put("type", account.type().wireName());
    out.put("windows", windows);
    return out;
  }

  private static @org.jspecify.annotations.Nullable QuotaWindow reported(
      @org.jspecify.annotations.Nullable QuotaReport quota, String label, Instant now) {
    if (quota == null) {
      return null;
    }
    for (QuotaWindow w : quota.windows()) {
      if (w.label().equals(label) && w.resetsAt().isAfter(now) && w.windowMinutes() > 0) {
        return w;
      }
    }
    return null;
  }
}
