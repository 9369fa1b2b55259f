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
  void httpApi_usesTheDefaultStage_payloadV2_andATimeoutWithinItsLimit() throws Exception {
    Map<String, Object> t = template();
    assertEquals("$default", map(t, "Resources", "HttpApi", "Properties").get("StageName"));
    Map<String, Object> event =
        map(t, "Resources", "GatewayFunction", "Properties", "Events", "Proxy", "Properties");
    assertEquals("2.0", event.get("PayloadFormatVersion"));
    assertEquals("/{proxy+}", event.get("Path"));
    Map<String, Object> timeout = map(t, "Parameters", "GatewayTimeout");
    Object max = timeout.get("MaxValue");
    assertTrue(max instanceof Number n && n.intValue() <= 30, "HTTP API ends at 30 s: " + max);
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
  void environment_namesSettingsTheApplicationReads() throws Exception {
    Map<String, Object> vars = map(template(), "Globals", "Function", "Environment", "Variables");
    for (String name :
        List.of(
            "SUBGATE_MODE",
            "REDIS_URI",
            "DATASOURCES_DEFAULT_URL",
            "DATASOURCES_DEFAULT_USERNAME",
            "DATASOURCES_DEFAULT_PASSWORD",
            "SUBGATE_CRYPTO_KEY",
            "SUBGATE_LOCK_ORDER",
            "SUBGATE_LOCK_DYNAMODB_TABLE")) {
      assertTrue(vars.containsKey(name), name);
    }
    assertEquals("production", vars.get("SUBGATE_MODE"));
    Map<String, Object> gatewayVars =
        map(template(), "Resources", "GatewayFunction", "Properties", "Environment", "Variables");
    assertTrue(gatewayVars.containsKey("SUBGATE_ADMIN_TOKEN"));
  }
}
