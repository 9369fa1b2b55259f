package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.proxy.ProxySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults {@code application-lambda.yml} gives a gateway running on AWS Lambda. */
class LambdaDefaultsTest {
  @Test
  void onLambda_requestsEndBeforeApiGatewaysLimit_andCapacityWaitsInsideThat() {
    try (ApplicationContext lambda =
        ApplicationContext.builder()
            .properties(new java.util.HashMap<String, Object>(GatewayTestProperties.embedded()))
            .environments("lambda")
            .deduceEnvironment(false)
            .start()) {
      ProxySettings onLambda = lambda.getBean(ProxySettings.class);
      assertEquals(Duration.ofSeconds(27), onLambda.requestDeadline());
      assertEquals(20, onLambda.capacityRetries());
      assertEquals(false, onLambda.releaseInBackground(), "no release left in a frozen sandbox");
      assertEquals(
          Boolean.TRUE,
          lambda.getProperty("subgate.usage.synchronous", Boolean.class).orElse(null));
    }
    try (ApplicationContext netty =
        ApplicationContext.builder()
            .properties(new java.util.HashMap<String, Object>(GatewayTestProperties.embedded()))
            .deduceEnvironment(false)
            .start()) {
      ProxySettings onNetty = netty.getBean(ProxySettings.class);
      assertEquals(null, onNetty.requestDeadline());
      assertEquals(60, onNetty.capacityRetries());
      assertEquals(true, onNetty.releaseInBackground());
    }
  }

  @Test
  void streamingOnLambda_requestsRunUpToTheFunctionsFifteenMinutes_withTheWholeCapacityWait() {
    try (ApplicationContext streaming = StreamingRuntime.context()) {
      java.util.Set<String> names = streaming.getEnvironment().getActiveNames();
      org.junit.jupiter.api.Assertions.assertTrue(
          names.contains("lambda") && names.contains(StreamingRuntime.ENVIRONMENT),
          names.toString());
    }
    try (ApplicationContext lambda =
        ApplicationContext.builder()
            .properties(new java.util.HashMap<String, Object>(GatewayTestProperties.embedded()))
            .environments("lambda", StreamingRuntime.ENVIRONMENT)
            .deduceEnvironment(false)
            .start()) {
      ProxySettings onLambda = lambda.getBean(ProxySettings.class);
      assertEquals(Duration.ofMinutes(14).plusSeconds(45), onLambda.requestDeadline());
      assertEquals(60, onLambda.capacityRetries());
      assertEquals(false, onLambda.releaseInBackground());
      assertEquals(
          Boolean.TRUE,
          lambda.getProperty("subgate.usage.synchronous", Boolean.class).orElse(null),
          "each invocation writes its own usage before it ends");
    }
  }
}
