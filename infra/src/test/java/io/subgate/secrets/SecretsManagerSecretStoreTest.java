package io.subgate.secrets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.testing.StubSecretsManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Secrets Manager adapter through the AWS SDK against a loopback GetSecretValue. */
class SecretsManagerSecretStoreTest extends SecretStoreContract {
  private final StubSecretsManager stub;
  private final SecretsManagerSecretStore store;

  SecretsManagerSecretStoreTest() throws Exception {
    StubSecretsManager.useStubCredentials();
    stub = new StubSecretsManager();
    store = new SecretsManagerSecretStore(stub.endpoint());
  }

  @AfterEach
  void stop() {
    store.close();
    stub.close();
  }

  @Override
  protected SecretStore store(Map<String, String> secrets) {
    secrets.forEach(stub::put);
    return store;
  }

  @Override
  protected void rotate(String id, String json) {
    stub.put(id, json);
  }

  @Test
  void theStub_refusesUnsignedRequests_andOtherActions() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unsigned =
        http.send(
            HttpRequest.newBuilder(URI.create(stub.endpoint() + "/"))
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(unsigned.statusCode() == 400 && unsigned.body().contains("MissingAuthentication"));
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(URI.create(stub.endpoint() + "/"))
                .header("X-Amz-Target", "secretsmanager.PutSecretValue")
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=" + StubSecretsManager.ACCESS_KEY + "/x")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(other.statusCode() == 400 && other.body().contains("UnknownOperation"));
    System.setProperty("aws.accessKeyId", "AKIAOTHERKEY");
    try (SecretsManagerSecretStore foreign = new SecretsManagerSecretStore(stub.endpoint())) {
      stub.put("s", "{\"a\":\"b\"}");
      assertThrows(SecretUnavailableException.class, () -> foreign.fields("s"));
    } finally {
      StubSecretsManager.useStubCredentials();
    }
  }
}
