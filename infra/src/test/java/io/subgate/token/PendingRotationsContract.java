package io.subgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.OAuthCredentials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link PendingRotations} must do; run against the fake, PostgreSQL and H2. */
public abstract class PendingRotationsContract {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  protected abstract PendingRotations rotations();

  /** An existing account id (the JDBC table references accounts). */
  protected abstract long accountId();

  private static OAuthCredentials creds(String at) {
    return new OAuthCredentials(at, "rt-" + at, T.plusSeconds(3600), null, "proj", null);
  }

  @Test
  void save_find_replace_andClearOnlyTheMatchingBase() {
    long id = accountId();
    assertTrue(rotations().find(id).isEmpty());
    rotations().save(new PendingRotation(id, 3, creds("a"), T));
    assertEquals(new PendingRotation(id, 3, creds("a"), T), rotations().find(id).orElseThrow());

    rotations().save(new PendingRotation(id, 4, creds("b"), T));
    rotations().clear(id, 3);
    assertEquals(4, rotations().find(id).orElseThrow().baseVersion(), "older base does not clear");
    assertEquals(creds("b"), rotations().find(id).orElseThrow().credentials());

    rotations().clear(id, 4);
    assertTrue(rotations().find(id).isEmpty());
  }
}
