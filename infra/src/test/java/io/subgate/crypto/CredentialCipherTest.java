package io.subgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subgate.testing.TestServices;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
  private final CredentialCipher cipher =
      new CredentialCipher(new ConfiguredKeySource(TestServices.TEST_KEY).key());

  @Test
  void roundTrip_withFreshNonceEachTime() {
    String a = cipher.encrypt("secret", "p");
    String b = cipher.encrypt("secret", "p");
    assertNotEquals(a, b);
    assertEquals("secret", cipher.decrypt(a, "p"));
    assertEquals("secret", cipher.decrypt(b, "p"));
  }

  @Test
  void otherPurpose_tamperedValue_orOtherKey_doNotDecrypt() {
    String sealed = cipher.encrypt("secret", "credentials");
    assertThrows(CredentialDecryptionException.class, () -> cipher.decrypt(sealed, "cache"));

    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
    assertThrows(
        CredentialDecryptionException.class, () -> cipher.decrypt(tampered, "credentials"));

    CredentialCipher other = new CredentialCipher(new SecretKeySpec(new byte[32], "AES"));
    assertThrows(CredentialDecryptionException.class, () -> other.decrypt(sealed, "credentials"));
    assertThrows(CredentialDecryptionException.class, () -> cipher.decrypt("plain", "credentials"));
    assertThrows(
        CredentialDecryptionException.class, () -> cipher.decrypt("v1:AAAA", "credentials"));
  }

  @Test
  void configuredKey_mustBe32BytesOfBase64() {
    assertThrows(IllegalStateException.class, () -> new ConfiguredKeySource("not base64!").key());
    assertThrows(
        IllegalStateException.class,
        () -> new ConfiguredKeySource(Base64.getEncoder().encodeToString(new byte[16])).key());
  }
}
