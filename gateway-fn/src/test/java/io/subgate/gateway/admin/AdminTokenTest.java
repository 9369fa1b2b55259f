package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.config.Mode;
import io.subgate.config.RuntimeSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @Test
  void localMode_generatesOwnerOnlyToken_printedOnlyWhenCreated(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
    RuntimeSettings local = new RuntimeSettings(Mode.LOCAL, dir);

    AdminToken first = new AdminToken(new AdminSettings(null), local, console);
    AdminToken second = new AdminToken(new AdminSettings(null), local, console);

    Path file = dir.resolve("admin-token");
    String token = Files.readString(file).trim();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, printed.split(token, -1).length - 1, "printed exactly once");
    assertTrue(first.matches(token));
    assertTrue(second.matches(token));
    assertFalse(first.matches(token + "x"));
  }

  @Test
  void configuredToken_wins_andProductionRequiresOne(@TempDir Path dir) {
    AdminToken configured =
        new AdminToken(new AdminSettings("s3cret"), new RuntimeSettings(Mode.PRODUCTION, dir));
    assertTrue(configured.matches("s3cret"));
    assertFalse(configured.matches("S3cret"));
    assertThrows(
        IllegalStateException.class,
        () -> new AdminToken(new AdminSettings(" "), new RuntimeSettings(Mode.PRODUCTION, dir)));
    assertFalse(Files.exists(dir.resolve("admin-token")));
  }
}
