package io.subgate.config;

import io.micronaut.context.annotation.Factory;
import io.subgate.crypto.ConfiguredKeySource;
import io.subgate.crypto.CredentialCipher;
import io.subgate.crypto.CredentialKeySource;
import io.subgate.crypto.LocalKeyFileSource;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Chooses the credentials key source from configuration. */
@Factory
public class CryptoFactory {

  @Singleton
  CredentialKeySource keySource(CryptoSettings crypto, RuntimeSettings runtime) {
    String key = crypto.key();
    if (key != null && !key.isBlank()) {
      return new ConfiguredKeySource(key);
    }
    String keyFile = crypto.keyFile();
    if (keyFile != null && !keyFile.isBlank()) {
      return new LocalKeyFileSource(Path.of(keyFile), runtime.local());
    }
    if (runtime.local()) {
      return new LocalKeyFileSource(runtime.dataDir().resolve("credentials.key"), true);
    }
    throw new IllegalStateException(
        "production mode needs SUBGATE_CRYPTO_KEY (base64, 32 bytes) or SUBGATE_CRYPTO_KEY_FILE");
  }

  @Singleton
  CredentialCipher credentialCipher(CredentialKeySource source) {
    return new CredentialCipher(source.key());
  }
}
