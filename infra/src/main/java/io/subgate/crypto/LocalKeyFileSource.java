package io.subgate.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;

/**
 * Key kept in a file; when {@code createIfMissing}, a new random key is written with owner-only
 * permissions (0600). Meant for local runs; production configures the key explicitly.
 */
public final class LocalKeyFileSource implements CredentialKeySource {
  private final Path file;
  private final boolean createIfMissing;

  public LocalKeyFileSource(Path file, boolean createIfMissing) {
    this.file = file;
    this.createIfMissing = createIfMissing;
  }

  @Override
  public SecretKey key() {
    try {
      if (!Files.exists(file)) {
        if (!createIfMissing) {
          throw new IllegalStateException("credentials key file " + file + " does not exist");
        }
        create();
      }
      return Keys.fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials key file " + file, e);
    }
  }

  private void create() throws IOException {
    byte[] raw = new byte[Keys.KEY_BYTES];
    new SecureRandom().nextBytes(raw);
    OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(raw));
  }

  /** Writes small secret files readable by the owner only. */
  public static final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {}

    /** Creates {@code file} with mode 0600; keeps an existing file (a concurrent creator won). */
    public static void write(Path file, String content) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        return;
      }
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
  }
}
