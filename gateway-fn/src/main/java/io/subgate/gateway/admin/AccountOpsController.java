package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountSettings;
import io.subgate.account.AccountStatus;
import io.subgate.account.Credentials;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Pacing;
import io.subgate.account.UnknownEntityException;
import io.subgate.gateway.admin.AdminViews.AccountView;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.StickySessions;
import io.subgate.token.TokenLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What an operator does to an existing account: change its settings ({@code version} fenced: a
 * stale one is a 409), replace its credentials (fenced on the credentials version, the cached token
 * dropped), enable, disable, clear cooldowns, take it in or out of scheduling, refresh its token
 * through the same locked flow as everything else, soft-delete it, and the same actions for a
 * selection at once. Every change leaves an audit record and is seen by this process's next request
 * at once, by others within the candidate cache's refresh.
 */
@Controller("/admin/accounts")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountOpsController {
  private static final Logger LOG = LoggerFactory.getLogger(AccountOpsController.class);

  private final AccountRepository accounts;
  private final CandidateCache candidates;
  private final TokenLifecycle tokens;
  private final AccountCredentials credentials;
  private final AdminAudit audit;
  private final AccountCheck check;
  private final JsonMapper json;
  private final Clock clock;
  private final AccountEgress egress;
  private final StickySessions sessions;

  public AccountOpsController(
      AccountRepository accounts,
      CandidateCache candidates,
      TokenLifecycle tokens,
      AccountCredentials credentials,
      AdminAudit audit,
      AccountCheck check,
      JsonMapper json,
      Clock clock,
      StickySessions sessions,
      AccountEgress egress) {
    this.egress = egress;
    this.sessions = sessions;
    this.check = check;
    this.accounts = accounts;
    this.candidates = candidates;
    this.tokens = tokens;
    this.credentials = credentials;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** The egress proxy an update names (null: direct); a 400 when there is no such proxy. */
  private @Nullable Long proxyId(JsonFields f) {
    Long id = f.optionalId("proxy_id");
    egress.resolve(f, id);
    return id;
  }

  /** The pacing fields of an update; absent ones keep their value, {@code ends_at: null} clears. */
  private static Pacing pacing(JsonFields f, Pacing now) {
    return new Pacing(
        f.optionalInt("rpm_limit", now.requestsPerMinute(), 0, 1_000_000),
        f.optionalInt("session_limit", now.sessions(), 0, 1_000_000),
        Duration.ofSeconds(
            f.optionalInt("session_idle_seconds", (int) now.sessionIdle().toSeconds(), 1, 86_400)),
        f.has("ends_at") ? f.optionalInstant("ends_at") : now.endsAt());
  }

  @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public AccountView update(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    long version = f.requiredVersion("version");
    Account before = existing(id);
    AccountSettings now = AccountSettings.of(before);
    AccountSettings next =
        new AccountSettings(
            Optional.ofNullable(f.optionalString("name", 200)).orElse(now.name()),
            f.optionalInt("priority", now.priority(), 0, 10_000),
            f.optionalInt("concurrency", now.concurrency(), 1, 1_000),
            f.has("models") ? f.optionalStringList("models", 200, 200) : now.models(),
            f.optionalMultiplier("rate_multiplier", now.rateMultiplier()),
            pacing(f, now.pacing()),
            f.has("proxy_id") ? proxyId(f) : now.proxyId());
    if (next.name().isBlank()) {
      throw f.invalid("name", "must not be blank");
    }
    if (!accounts.updateSettings(id, version, next)) {
      throw new ConflictException(
          "version",
          "the account changed since version "
              + version
              + " (now "
              + existing(id).settingsVersion()
              + "); read it again and retry");
    }
    return changed("account.update", before);
  }

  /** Replaces the credentials if {@code credentials_version} is still the stored one. */
  @Put(value = "/{id}/credentials", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public AccountView replaceCredentials(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    long version = f.requiredVersion("credentials_version");
    Account before = existing(id);
    Credentials next =
        credentials.of(f.requiredObject("credentials"), before.platform(), before.type());
    if (!accounts.compareAndSetCredentials(id, version, next)) {
      throw new ConflictException(
          "credentials_version",
          "the credentials changed since version "
              + version
              + " (a refresh or another operator); read the account again and retry");
    }
    tokens.forget(before);
    return changed("account.credentials", before);
  }

  @Post(value = "/{id}/enable", produces = MediaType.APPLICATION_JSON)
  public AccountView enable(@PathVariable long id) {
    return status(id, AccountStatus.ACTIVE, "account.enable");
  }

  @Post(value = "/{id}/disable", produces = MediaType.APPLICATION_JSON)
  public AccountView disable(@PathVariable long id) {
    return status(id, AccountStatus.DISABLED, "account.disable");
  }

  /** An account in error state back to active (the same as enable, named as operators ask). */
  @Post(value = "/{id}/clear-error", produces = MediaType.APPLICATION_JSON)
  public AccountView clearError(@PathVariable long id) {
    return status(id, AccountStatus.ACTIVE, "account.clear_error");
  }

  @Post(value = "/{id}/clear-cooldowns", produces = MediaType.APPLICATION_JSON)
  public AccountView clearCooldowns(@PathVariable long id) {
    Account before = existing(id);
    accounts.clearCooldowns(id);
    return changed("account.clear_cooldowns", before);
  }

  @Post(
      value = "/{id}/schedulable",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public AccountView schedulable(@PathVariable long id, @Body @Nullable String body) {
    return setSchedulable(id, JsonFields.parse(json, body).requiredBoolean("schedulable"));
  }

  private AccountView setSchedulable(long id, boolean on) {
    Account before = existing(id);
    accounts.setSchedulable(id, on);
    return changed(on ? "account.schedule" : "account.unschedule", before);
  }

  /**
   * Refreshes the token now, through the lifecycle's locked flow (one refresh across processes, the
   * rotation written ahead): 200 with the new expiry, or 502 when the provider refused.
   */
  @Post(value = "/{id}/refresh", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> refresh(@PathVariable long id) {
    Account before = existing(id);
    if (!(before.credentials() instanceof OAuthCredentials)) {
      throw new InvalidFieldException(
          "id", "only oauth and setup-token accounts have a token to refresh");
    }
    boolean refreshed = tokens.forceRefresh(before, before.credentialsVersion()).isPresent();
    AccountView after = changed("account.refresh", before);
    if (!refreshed) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.BAD_GATEWAY)
          .body(
              AdminError.of(
                  "upstream_error",
                  "the provider did not refresh the token; the account's state says why",
                  null));
    }
    return HttpResponse.ok(after);
  }

  /**
   * A health check streamed as progress events: {@code check_start}, one {@code step} per step
   * ({@code {step, ok, detail}}) as it ends, then {@code check_complete} ({@code {success}}).
   */
  @Post(value = "/{id}/check", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<Map<String, Object>>> check(@PathVariable long id) {
    Account account = existing(id);
    return Flux.<Event<Map<String, Object>>>create(
            sink -> {
              sink.next(
                  Event.of(
                          Map.<String, Object>of(
                              "account_id",
                              id,
                              "platform",
                              account.platform().wireName(),
                              "type",
                              account.type().wireName()))
                      .name("check_start"));
              boolean ok;
              try {
                ok =
                    check.run(
                        account,
                        step ->
                            sink.next(
                                Event.of(
                                        Map.<String, Object>of(
                                            "step",
                                            step.step(),
                                            "ok",
                                            step.ok(),
                                            "detail",
                                            step.detail()))
                                    .name("step")));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
              }
              audit.record("account.check", "account:" + id, null, Map.of("success", ok));
              sink.next(Event.of(Map.<String, Object>of("success", ok)).name("check_complete"));
              sink.complete();
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Soft delete: out of every group, never scheduled or refreshed, its sessions unbound (they move
   * on their next request), usage history kept. Requests already running on it finish and give
   * their slots back.
   */
  @Delete(value = "/{id}")
  public HttpResponse<?> delete(@PathVariable long id) {
    Account before = existing(id);
    if (!accounts.delete(id)) {
      throw new UnknownEntityException("account", id);
    }
    tokens.forget(before);
    candidates.invalidateAll();
    try {
      sessions.dropAccount(id);
    } catch (RuntimeException e) {
      // Bindings expire on their own and selection skips a deleted account: not worth a failure.
      LOG.warn("account.delete sticky bindings kept account_id={} cause={}", id, e.toString());
    }
    audit.record("account.delete", "account:" + id, AccountView.of(before, clock), null);
    return HttpResponse.noContent();
  }

  private static final List<String> BULK_ACTIONS =
      List.of(
          "enable",
          "disable",
          "clear-error",
          "clear-cooldowns",
          "schedule",
          "unschedule",
          "refresh",
          "delete");

  /**
   * One action on a selection: {@code {ids, action}} with action one of {@link #BULK_ACTIONS}; each
   * id's outcome ({@code ok} or why not).
   */
  @Post(value = "/bulk", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> bulk(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    List<Long> ids = f.requiredIdList("ids");
    String action = f.requiredString("action", 40);
    if (!BULK_ACTIONS.contains(action)) {
      throw f.invalid("action", "must be one of " + String.join(", ", BULK_ACTIONS));
    }
    if (ids.size() > 500) {
      throw f.invalid("ids", "at most 500 at once");
    }
    Map<String, String> results = new LinkedHashMap<>();
    for (long id : ids) {
      try {
        results.put(Long.toString(id), bulkOne(id, action));
      } catch (UnknownEntityException e) {
        results.put(Long.toString(id), "not found");
      } catch (InvalidFieldException e) {
        results.put(
            Long.toString(id), String.valueOf(e.getMessage()).substring(e.field().length() + 2));
      }
    }
    return Map.of("action", action, "results", results);
  }

  private String bulkOne(long id, String action) {
    switch (action) {
      case "enable":
        enable(id);
        break;
      case "disable":
        disable(id);
        break;
      case "clear-error":
        clearError(id);
        break;
      case "clear-cooldowns":
        clearCooldowns(id);
        break;
      case "schedule":
      case "unschedule":
        setSchedulable(id, action.equals("schedule"));
        break;
      case "refresh":
        return refresh(id).status().getCode() == 200
            ? "ok"
            : "the provider did not refresh the token; the account's state says why";
      default:
        delete(id);
    }
    return "ok";
  }

  private AccountView status(long id, AccountStatus status, String action) {
    Account before = existing(id);
    if (!accounts.setStatus(id, status)) {
      throw new UnknownEntityException("account", id);
    }
    return changed(action, before);
  }

  private AccountView changed(String action, Account before) {
    candidates.invalidateAll();
    AccountView after = AccountView.of(existing(before.id()), clock);
    audit.record(action, "account:" + before.id(), AccountView.of(before, clock), after);
    return after;
  }

  private Account existing(long id) {
    return accounts
        .findById(id)
        .filter(a -> !a.deleted())
        .orElseThrow(() -> new UnknownEntityException("account", id));
  }
}
