package io.subgate.gateway.admin;

import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import io.subgate.config.RuntimeSettings;
import io.subgate.crypto.LocalKeyFileSource.OwnerOnlyFiles;
import io.subgate.secrets.SecretsRotated;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin bearer token. Configured in production; in local mode, when unset, a random token is
 * generated into {@code <data-dir>/admin-token} (mode 0600) and printed once, at generation, to
 * standard output — never to the log. Created at startup so the local run prints it right away. A
 * rotation read from Secrets Manager ({@link SecretsRotated}) replaces it without a restart.
 */
@Context
public final class AdminToken {
  private volatile byte[] expected;

  public AdminToken(AdminSettings settings, RuntimeSettings runtime) {
    this(settings, runtime, System.out);
  }

  AdminToken(AdminSettings settings, RuntimeSettings runtime, PrintStream console) {
    String configured = settings.token();
    if (configured != null && !configured.isBlank()) {
      expected = configured.getBytes(StandardCharsets.UTF_8);
    } else if (runtime.local()) {
      expected = localToken(runtime.dataDir().resolve("admin-token"), console);
    } else {
      throw new IllegalStateException("production mode needs SUBGATE_ADMIN_TOKEN");
    }
  }

  /** The token's id for audit records: the first 12 hex digits of its SHA-256, never the token. */
  public String id() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(expected);
      return "admin:" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A rotated admin token (Secrets Manager) replaces the configured one at once. */
  @EventListener
  void on(SecretsRotated rotated) {
    String next = rotated.changed().get("subgate.admin.token");
    if (next != null && !next.isBlank()) {
      expected = next.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Constant-time comparison with the configured token. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] localToken(Path file, PrintStream console) {
    try {
      if (!Files.exists(file)) {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String token = "sg-admin-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        OwnerOnlyFiles.write(file, token);
        console.println("Subgate admin token (shown once; kept in " + file + "): " + token);
      }
      return Files.readString(file, StandardCharsets.US_ASCII)
          .trim()
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create admin token file " + file, e);
    }
  }
}
