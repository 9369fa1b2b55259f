package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountSettings;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.EgressUnavailableException;
import jakarta.inject.Singleton;

/**
 * The egress proxy a new account is created with ({@code proxy_id} of the create, onboarding and
 * import bodies): resolved before any call is made for the account, so that call already takes it,
 * and kept on the account once it exists.
 */
@Singleton
final class AccountEgress {
  private final EgressRoutes routes;
  private final AccountRepository accounts;

  AccountEgress(EgressRoutes routes, AccountRepository accounts) {
    this.routes = routes;
    this.accounts = accounts;
  }

  /** The proxy {@code proxyId} names (null: direct); a 400 on {@code proxy_id} when none. */
  @Nullable
  EgressProxy resolve(JsonFields f, @Nullable Long proxyId) {
    try {
      return routes.byId(proxyId);
    } catch (EgressUnavailableException e) {
      throw f.invalid("proxy_id", "names no egress proxy");
    }
  }

  /** {@code created} with {@code proxyId} kept on it (itself when direct). */
  Account keep(Account created, @Nullable Long proxyId) {
    if (proxyId == null) {
      return created;
    }
    AccountSettings now = AccountSettings.of(created);
    accounts.updateSettings(
        created.id(),
        created.settingsVersion(),
        new AccountSettings(
            now.name(),
            now.priority(),
            now.concurrency(),
            now.models(),
            now.rateMultiplier(),
            now.pacing(),
            proxyId));
    return accounts.findById(created.id()).orElse(created);
  }
}
