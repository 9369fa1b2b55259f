package io.subgate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyFileSourceTest {

  @Test
  void createsOwnerOnlyKeyFile_andReusesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/credentials.key");
    byte[] first = new LocalKeyFileSource(file, true).key().getEncoded();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(32, first.length);
    assertArrayEquals(first, new LocalKeyFileSource(file, true).key().getEncoded());
  }

  @Test
  void missingFile_withoutCreate_fails(@TempDir Path dir) {
    LocalKeyFileSource source = new LocalKeyFileSource(dir.resolve("absent.key"), false);
    assertThrows(IllegalStateException.class, source::key);
  }
}
