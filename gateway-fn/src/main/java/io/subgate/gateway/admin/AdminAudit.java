package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.subgate.tenancy.AuditLog;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit record of an admin change: the admin token's id, the action, the target, and its
 * views before and after (views carry no secrets). A record that cannot be written is logged, never
 * a reason to fail the change already made.
 */
@Singleton
final class AdminAudit {
  private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);

  private final AuditLog log;
  private final AdminToken token;
  private final JsonMapper json;

  AdminAudit(AuditLog log, AdminToken token, JsonMapper json) {
    this.log = log;
    this.token = token;
    this.json = json;
  }

  void record(String action, String target, @Nullable Object before, @Nullable Object after) {
    try {
      log.record(token.id(), action, target, write(before), write(after));
    } catch (RuntimeException e) {
      LOG.warn("admin.audit_not_written action={} target={}", action, target);
    }
  }

  private @Nullable String write(@Nullable Object view) {
    if (view == null) {
      return null;
    }
    try {
      return json.writeValueAsString(view);
    } catch (IOException e) {
      return "\"unwritable\"";
    }
  }
}
