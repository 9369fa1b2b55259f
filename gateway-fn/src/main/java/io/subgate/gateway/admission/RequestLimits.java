package io.subgate.gateway.admission;

import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.pricing.Usd;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.BudgetWindow;
import io.subgate.tenancy.Budgets;
import io.subgate.tenancy.Owner;
import io.subgate.tenancy.Principal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The limits one request is held to, as meters of its admit round trip: requests per minute of its
 * key, user and group; its key's tokens per UTC day; and the USD budgets of its key, user and group
 * per window. A generating request reserves its estimate (tokens, and their cost at the model's
 * price) at admission; {@link #charges} settles the real figures at release, in the same trip as
 * its slots. A refusal is a 429 naming the limit and when it resets, with {@code Retry-After}.
 */
public final class RequestLimits {
  /** The output a request may reserve when it names no cap of its own. */
  static final long DEFAULT_OUTPUT_RESERVE = 4_096;

  private static final Duration MINUTE_KEEP = Duration.ofMinutes(2);
  private static final Duration DAY_KEEP = Duration.ofDays(2);

  /** What a meter stands for. */
  enum Kind {
    REQUESTS_PER_MINUTE,
    TOKENS_PER_DAY,
    BUDGET
  }

  /** One meter and what it stands for (to name it, and to settle it). */
  record Limit(
      RequestGate.Meter meter,
      Owner owner,
      Kind kind,
      @Nullable BudgetWindow window,
      Instant resets) {}

  private final List<Limit> limits;
  private final long reservedTokens;
  private final long reservedMicros;

  private RequestLimits(List<Limit> limits, long reservedTokens, long reservedMicros) {
    this.limits = List.copyOf(limits);
    this.reservedTokens = reservedTokens;
    this.reservedMicros = reservedMicros;
  }

  /**
   * The limits of {@code principal} at {@code now}.
   *
   * @param reserveMicros what the request may cost (its estimate at the model's price), reserved
   *     against every budget
   * @param sharedBudgets whether budgets refuse while the shared store is down
   */
  public static RequestLimits of(
      Principal principal,
      Instant now,
      ProxyRequest request,
      long reserveMicros,
      boolean sharedBudgets) {
    List<Limit> out = new ArrayList<>();
    long second = now.getEpochSecond();
    long minute = second / 60;
    Instant nextMinute = Instant.ofEpochSecond((minute + 1) * 60);
    Owner key = Owner.key(principal.apiKeyId());
    Owner user = Owner.user(principal.userId());
    Owner group = Owner.group(principal.groupId());
    rpm(out, key, principal.requestsPerMinute(), minute, nextMinute);
    rpm(out, user, principal.userLimits().requestsPerMinute(), minute, nextMinute);
    rpm(out, group, principal.groupLimits().requestsPerMinute(), minute, nextMinute);
    boolean generates = request.route().generates();
    long tokens = principal.tokensPerDay() > 0 && generates ? estimate(request) : 0;
    if (principal.tokensPerDay() > 0) {
      long day = Math.floorDiv(second, 86_400);
      out.add(
          new Limit(
              new RequestGate.Meter(
                  List.of("tpd:" + key.wireName() + ":" + day),
                  principal.tokensPerDay(),
                  tokens,
                  DAY_KEEP,
                  false),
              key,
              Kind.TOKENS_PER_DAY,
              null,
              BudgetWindow.DAY.resetsAt(now)));
    }
    long micros = generates ? Math.max(0, reserveMicros) : 0;
    budgets(out, key, principal.keyBudgets(), now, micros, sharedBudgets);
    budgets(out, user, principal.userLimits().budgets(), now, micros, sharedBudgets);
    budgets(out, group, principal.groupLimits().budgets(), now, micros, sharedBudgets);
    return new RequestLimits(out, tokens, micros);
  }

  private static void rpm(List<Limit> out, Owner owner, int limit, long minute, Instant resets) {
    if (limit > 0) {
      out.add(
          new Limit(
              new RequestGate.Meter(
                  List.of("rpm:" + owner.wireName() + ":" + minute), limit, 1, MINUTE_KEEP, false),
              owner,
              Kind.REQUESTS_PER_MINUTE,
              null,
              resets));
    }
  }

  private static void budgets(
      List<Limit> out, Owner owner, Budgets budgets, Instant now, long reserve, boolean shared) {
    for (Map.Entry<BudgetWindow, Long> b : budgets.micros().entrySet()) {
      BudgetWindow w = b.getKey();
      List<String> counters = spendCounters(owner, w, now);
      out.add(
          new Limit(
              new RequestGate.Meter(counters, b.getValue(), reserve, w.keep(), shared),
              owner,
              Kind.BUDGET,
              w,
              w.resetsAt(now)));
    }
  }

  /** The counters whose sum is what {@code owner} spent in window {@code w} at {@code now}. */
  public static List<String> spendCounters(Owner owner, BudgetWindow w, Instant now) {
    List<String> counters = new ArrayList<>();
    for (String bucket : w.buckets(now)) {
      counters.add("usd:" + owner.wireName() + ":" + bucket);
    }
    return counters;
  }

  public List<RequestGate.Meter> meters() {
    return limits.stream().map(Limit::meter).toList();
  }

  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /** What the request cost its tokens-per-day and budget meters, to settle at release. */
  public List<RequestGate.Charge> charges(long tokensUsed, long picoSpent) {
    List<RequestGate.Charge> out = new ArrayList<>();
    for (Limit l : limits) {
      RequestGate.Meter m = l.meter();
      if (l.kind() == Kind.TOKENS_PER_DAY) {
        out.add(
            new RequestGate.Charge(
                m.counters().get(0), tokensUsed, reservedTokens, m.keep(), List.of(), 0));
      } else if (l.kind() == Kind.BUDGET) {
        out.add(
            new RequestGate.Charge(
                m.counters().get(0),
                Usd.picoToMicros(picoSpent),
                reservedMicros,
                m.keep(),
                m.counters(),
                m.limit()));
      }
    }
    return out;
  }

  /** The limit behind the {@code index}-th charge of {@link #charges}. */
  Limit charged(int index) {
    int seen = 0;
    for (Limit l : limits) {
      if (l.kind() != Kind.REQUESTS_PER_MINUTE) {
        if (seen == index) {
          return l;
        }
        seen++;
      }
    }
    throw new IndexOutOfBoundsException(index);
  }

  /** The answer to a request a meter refused, in the client's protocol by the caller. */
  public GatewayException refusal(RequestGate.Refusal refusal, Instant now) {
    Limit l = limits.get(refusal.meter());
    String whose = whose(l.owner());
    if (refusal.unavailable()) {
      return new GatewayException(
          503,
          whose
              + " budget cannot be checked while the shared store is unavailable"
              + " (subgate.budgets.redis-outage=refuse); try again shortly",
          Duration.ofSeconds(1));
    }
    Duration wait = Duration.between(now, l.resets());
    Duration retry = wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : roundUp(wait);
    String message;
    switch (l.kind()) {
      case REQUESTS_PER_MINUTE:
        message = whose + " limit of " + l.meter().limit() + " requests per minute is reached";
        break;
      case TOKENS_PER_DAY:
        message = whose + " limit of " + l.meter().limit() + " tokens per day (UTC) is used up";
        break;
      default:
        BudgetWindow w = java.util.Objects.requireNonNull(l.window());
        message =
            whose
                + " budget of $"
                + Usd.fromMicros(l.meter().limit()).setScale(2, RoundingMode.UP).toPlainString()
                + " "
                + w.phrase()
                + " is spent; it resets at "
                + l.resets();
    }
    return new GatewayException(429, message, retry);
  }

  static String whose(Owner owner) {
    switch (owner.kind()) {
      case KEY:
        return "this API key's";
      case USER:
        return "this key's user's";
      default:
        return "this key's group's";
    }
  }

  private static Duration roundUp(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  /**
   * What a request may use: its input at about four bytes a token, and its output cap ({@code
   * max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens}, Gemini's {@code
   * generationConfig.maxOutputTokens}, in a Code Assist envelope too), or {@link
   * #DEFAULT_OUTPUT_RESERVE} when it names none.
   */
  public static long estimate(ProxyRequest request) {
    return inputEstimate(request) + outputEstimate(request);
  }

  public static long inputEstimate(ProxyRequest request) {
    return request.body().length / 4L;
  }

  public static long outputEstimate(ProxyRequest request) {
    JsonNode body = request.json();
    JsonNode envelope = body.get("request");
    JsonNode config =
        (envelope != null && envelope.isObject() ? envelope : body).get("generationConfig");
    long output = -1;
    for (JsonNode cap :
        new JsonNode[] {
          body.get("max_tokens"),
          body.get("max_completion_tokens"),
          body.get("max_output_tokens"),
          config == null ? null : config.get("maxOutputTokens")
        }) {
      if (cap != null && cap.isNumber() && cap.getLongValue() > 0) {
        output = Math.max(output, cap.getLongValue());
      }
    }
    return output > 0 ? output : DEFAULT_OUTPUT_RESERVE;
  }
}
