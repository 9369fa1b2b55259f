package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.subgate.gateway.GatewayTestProperties;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The function started the way Lambda starts it: the layer's exec wrapper ({@code
 * subgate-streaming}) run as a process with {@code AWS_LAMBDA_RUNTIME_API} pointing at the emulator
 * and its settings in {@code JAVA_TOOL_OPTIONS}, then invoked with REST API events. Prints the cold
 * start to the first streamed byte. {@code -Dsubgate.test.task-root=DIR} runs it on an unpacked
 * deployment jar instead of the test classpath ({@code bench/coldstart.sh streaming}).
 */
class StreamingWrapperTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  static Path wrapper() {
    for (Path p :
        List.of(
            Path.of("src/main/lambda-layer/bin/subgate-streaming"),
            Path.of("gateway-fn/src/main/lambda-layer/bin/subgate-streaming"))) {
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new AssertionError("the layer's exec wrapper is missing or not executable");
  }

  private static byte[] event(
      String method, String path, Map<String, List<String>> headers, String body) throws Exception {
    return JSON.writeValueAsBytes(
        StreamingFront.event(method, path, "", headers, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theExecWrapper_startsTheStreamingRuntime_whichAnswersEventsAsLambdaWantsThem()
      throws Exception {
    Map<String, String> properties = GatewayTestProperties.embedded();
    try (RuntimeApiEmulator emulator = new RuntimeApiEmulator()) {
      ProcessBuilder b =
          new ProcessBuilder(wrapper().toString(), "ignored", "managed-runtime-args");
      b.redirectErrorStream(true);
      Map<String, String> env = b.environment();
      env.put("AWS_LAMBDA_RUNTIME_API", emulator.address());
      env.put("SUBGATE_JAVA", System.getProperty("java.home") + "/bin/java");
      String taskRoot = System.getProperty("subgate.test.task-root", "");
      if (taskRoot.isEmpty()) {
        env.put("SUBGATE_CLASSPATH", System.getProperty("java.class.path"));
      } else {
        env.put("LAMBDA_TASK_ROOT", taskRoot);
      }
      env.put("SUBGATE_LOG_LEVEL", "WARN");
      env.put(
          "JAVA_TOOL_OPTIONS",
          "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Daws.region=us-east-1 "
              + properties.entrySet().stream()
                  .map(e -> "-D" + e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(" ")));
      long started = System.nanoTime();
      Process function = b.start();
      Thread drain =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(function.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println("[function] " + line);
                  }
                } catch (java.io.IOException e) {
                  // the process ended
                }
              });
      drain.setDaemon(true);
      drain.start();
      try {
        RuntimeApiEmulator.Invocation health =
            emulator.invoke(event("GET", "/health", Map.of(), ""));
        RuntimeApiEmulator.Prelude prelude = health.prelude.get(60, TimeUnit.SECONDS);
        long firstByte = System.nanoTime();
        health.done.get(10, TimeUnit.SECONDS);
        assertEquals(200, prelude.status(), health.body());
        System.out.printf(
            "streaming function cold start to the first streamed byte: %d ms (%s)%n",
            (firstByte - started) / 1_000_000,
            taskRoot.isEmpty() ? "test classpath" : "unpacked deployment jar");

        RuntimeApiEmulator.Invocation refused =
            emulator.invoke(
                event(
                    "POST",
                    "/v1/messages",
                    Map.of("content-type", List.of("application/json")),
                    "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[]}"));
        assertEquals(401, refused.prelude.get(10, TimeUnit.SECONDS).status());
        refused.done.get(10, TimeUnit.SECONDS);
        assertTrue(refused.body().contains("authentication_error"), refused.body());
        long warm = System.nanoTime();
        RuntimeApiEmulator.Invocation again =
            emulator.invoke(event("GET", "/health", Map.of(), ""));
        again.done.get(10, TimeUnit.SECONDS);
        System.out.printf(
            "streaming function warm invocation (health): %.1f ms%n",
            (System.nanoTime() - warm) / 1e6);
        assertTrue(emulator.refusals.isEmpty(), emulator.refusals.toString());
      } finally {
        function.destroyForcibly();
        function.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
