package io.subgate.secrets;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

/**
 * {@link SecretStore} on AWS Secrets Manager ({@code GetSecretValue}, AWS SDK v2 over the JDK's URL
 * connection): the function's role needs only {@code secretsmanager:GetSecretValue} on the secrets
 * it reads. Credentials and region come from the SDK's default chains (the function's role on
 * Lambda); {@code endpoint} overrides the service address (a VPC endpoint, or a stub in tests).
 */
public final class SecretsManagerSecretStore implements SecretStore, AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final SecretsManagerClient client;

  public SecretsManagerSecretStore(@Nullable String endpoint) {
    SecretsManagerClientBuilder b =
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .region(region());
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpointOverride(URI.create(endpoint));
    }
    this.client = b.build();
  }

  private static Region region() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      return Region.US_EAST_1;
    }
  }

  @Override
  public Map<String, String> fields(String secretId) {
    GetSecretValueResponse value;
    try {
      value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build());
    } catch (SdkException e) {
      throw new SecretUnavailableException(secretId, e.getClass().getSimpleName());
    }
    String text = value.secretString();
    if (text == null) {
      throw new SecretUnavailableException(secretId, "it holds no string (a binary secret)");
    }
    return parse(secretId, text);
  }

  /** The string fields of a JSON object; anything else is no secret of ours. */
  static Map<String, String> parse(String secretId, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SecretUnavailableException(secretId, "it is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.getCurrentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING) {
          fields.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new SecretUnavailableException(secretId, "it is not a JSON object");
    }
    return fields;
  }

  @Override
  public void close() {
    client.close();
  }
}
