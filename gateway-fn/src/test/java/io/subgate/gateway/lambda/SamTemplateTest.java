package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks of {@code template.yaml} against the code it deploys, the part cfn-lint cannot know (and
 * cfn-lint itself cannot be installed on these machines: it comes from PyPI). Intrinsic function
 * tags are stripped before parsing; only structure and literal values are checked.
 */
class SamTemplateTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> template() throws Exception {
    String text = Files.readString(Path.of("../template.yaml"));
    String plain = text.replaceAll("!(Ref|Sub|If|GetAtt|Join|Select|Split) ", "");
    return (Map<String, Object>) new Yaml().load(plain);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String... path) {
    Map<String, Object> cur = m;
    for (String p : path) {
      Object next = cur.get(p);
      if (!(next instanceof Map)) {
        throw new AssertionError("template.yaml has no mapping at " + String.join(".", path));
      }
      cur = (Map<String, Object>) next;
    }
    return cur;
  }

  @Test
  void functions_pointAtHandlersAndArtifactsThatExist() throws Exception {
    Map<String, Object> t = template();
    assertEquals("AWS::Serverless-2016-10-31", t.get("Transform"));
    Map<String, Object> gateway = map(t, "Resources", "GatewayFunction", "Properties");
    String handler = String.valueOf(gateway.get("Handler"));
    Class<?> gatewayClass = Class.forName(handler.substring(0, handler.indexOf("::")));
    assertTrue(RequestStreamHandler.class.isAssignableFrom(gatewayClass), handler);
    assertEquals("gateway-fn/target/gateway-fn-all.jar", gateway.get("CodeUri"));
    assertEquals(Map.of("ApplyOn", "PublishedVersions"), gateway.get("SnapStart"));

    Map<String, Object> refresher = map(t, "Resources", "RefresherFunction", "Properties");
    assertEquals("refresher-fn/target/refresher-fn-all.jar", refresher.get("CodeUri"));
    assertEquals("io.subgate.refresher.RefreshHandler::handleRequest", refresher.get("Handler"));
    // The refresher module is not on this module's classpath: check its source is where the
    // handler name says.
    assertTrue(
        Files.exists(
            Path.of("../refresher-fn/src/main/java/io/subgate/refresher/RefreshHandler.java")));
    assertEquals("java21", map(t, "Globals", "Function").get("Runtime"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRoute_isBehindAStreamingRestIntegration_ofUpToFifteenMinutes() throws Exception {
    Map<String, Object> t = template();
    Map<String, Object> paths =
        map(t, "Resources", "GatewayApi", "Properties", "DefinitionBody", "paths");
    assertEquals(java.util.Set.of("/", "/{proxy+}"), paths.keySet());
    for (String path : paths.keySet()) {
      Map<String, Object> integration =
          map(paths, path, "x-amazon-apigateway-any-method", "x-amazon-apigateway-integration");
      assertEquals("aws_proxy", integration.get("type"));
      assertEquals("STREAM", integration.get("responseTransferMode"), path);
      assertEquals(900000, integration.get("timeoutInMillis"));
      assertTrue(
          String.valueOf(integration.get("uri")).endsWith("/response-streaming-invocations"),
          "InvokeWithResponseStream: " + integration.get("uri"));
    }
    Map<String, Object> gateway = map(t, "Resources", "GatewayFunction", "Properties");
    assertEquals(
        "/opt/bin/subgate-streaming",
        map(gateway, "Environment", "Variables").get("AWS_LAMBDA_EXEC_WRAPPER"));
    assertEquals(
        "gateway-fn/src/main/lambda-layer/",
        map(t, "Resources", "StreamingRuntimeLayer", "Properties").get("ContentUri"));
    assertTrue(
        Files.isExecutable(Path.of("../gateway-fn/src/main/lambda-layer/bin/subgate-streaming")),
        "the layer's wrapper is executable, where AWS_LAMBDA_EXEC_WRAPPER points");
    Map<String, Object> timeout = map(t, "Parameters", "GatewayTimeout");
    assertEquals(900, timeout.get("Default"), "15 minutes, as the streamed integration allows");
  }

  @Test
  void apiGatewaysOwn413_isJsonEveryClientProtocolReads() throws Exception {
    Map<String, Object> tooLarge =
        map(
            template(),
            "Resources",
            "GatewayApi",
            "Properties",
            "DefinitionBody",
            "x-amazon-apigateway-gateway-responses",
            "REQUEST_TOO_LARGE");
    assertEquals(413, tooLarge.get("statusCode"));
    String body = String.valueOf(map(tooLarge, "responseTemplates").get("application/json"));
    io.micronaut.json.tree.JsonNode error =
        io.micronaut.json.JsonMapper.createDefault()
            .readValue(body, io.micronaut.json.tree.JsonNode.class)
            .get("error");
    assertEquals("request_too_large", error.get("type").getStringValue(), "Anthropic's type");
    assertTrue(error.get("message").getStringValue().contains("6 MB"), "everyone's message");
    assertEquals(413, error.get("code").getIntValue(), "Google's code");
    assertEquals("INVALID_ARGUMENT", error.get("status").getStringValue(), "Google's status");
  }

  @Test
  @SuppressWarnings("unchecked")
  void lockTable_matchesTheDynamoDbLockAdapter() throws Exception {
    Map<String, Object> table = map(template(), "Resources", "LockTable", "Properties");
    assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
    List<Map<String, Object>> keys = (List<Map<String, Object>>) table.get("KeySchema");
    assertEquals(List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")), keys);
    assertEquals(
        Map.of("AttributeName", "ttl", "Enabled", true), table.get("TimeToLiveSpecification"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void environment_namesSettingsTheApplicationReads_andNoSecret() throws Exception {
    Map<String, Object> vars = map(template(), "Globals", "Function", "Environment", "Variables");
    for (String name :
        List.of(
            "SUBGATE_MODE",
            "REDIS_URI",
            "DATASOURCES_DEFAULT_URL",
            "SUBGATE_SECRETS_DATABASE",
            "SUBGATE_SECRETS_CRYPTO",
            "SUBGATE_SECRETS_REFRESH",
            "SUBGATE_LOCK_ORDER",
            "SUBGATE_LOCK_DYNAMODB_TABLE")) {
      assertTrue(vars.containsKey(name), name);
    }
    assertEquals("production", vars.get("SUBGATE_MODE"));
    String text = Files.readString(Path.of("../template.yaml"));
    assertTrue(!text.contains("resolve:secretsmanager"), "no secret resolved into the environment");
    for (String secret :
        List.of(
            "DATASOURCES_DEFAULT_PASSWORD",
            "DATASOURCES_DEFAULT_USERNAME",
            "SUBGATE_CRYPTO_KEY",
            "SUBGATE_ADMIN_TOKEN")) {
      assertTrue(!text.contains(secret + ":"), secret + " is read from Secrets Manager");
    }
  }
}
