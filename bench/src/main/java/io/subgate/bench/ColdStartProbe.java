package io.subgate.bench;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Cold start of a function as the Lambda runtime drives it, in a fresh JVM on the function's own
 * shaded jar: JVM start → handler constructed → first event handled → second event handled. Prints
 * one line of milliseconds. Handlers are loaded by name so the probe runs on either jar.
 *
 * <p>Arguments: {@code gateway|refresher eventFile}.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long main = System.currentTimeMillis();
    String kind = args[0];
    StackSampler sampler = System.getProperty("probe.sample") == null ? null : StackSampler.start();
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    long constructed;
    long first;
    long second;
    String outcome;
    if (kind.equals("gateway")) {
      RequestStreamHandler handler =
          (RequestStreamHandler)
              Class.forName("io.subgate.gateway.lambda.GatewayLambdaHandler")
                  .getConstructor()
                  .newInstance();
      constructed = System.currentTimeMillis();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(event), out, null);
      first = System.currentTimeMillis();
      outcome = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      outcome = outcome.substring(0, Math.min(60, outcome.length()));
      handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
      second = System.currentTimeMillis();
    } else {
      // The managed runtime deserializes the event with the serializer it finds, then calls.
      CustomPojoSerializer serializer =
          ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
      @SuppressWarnings("unchecked")
      RequestHandler<Object, Object> handler =
          (RequestHandler<Object, Object>)
              Class.forName("io.subgate.refresher.RefreshHandler").getConstructor().newInstance();
      constructed = System.currentTimeMillis();
      Class<?> type = Class.forName("com.amazonaws.services.lambda.runtime.events.ScheduledEvent");
      Object result = handler.handleRequest(read(serializer, type, event), null);
      first = System.currentTimeMillis();
      outcome = String.valueOf(result);
      outcome = outcome.substring(0, Math.min(60, outcome.length()));
      handler.handleRequest(read(serializer, type, event), null);
      second = System.currentTimeMillis();
    }
    if (sampler != null) {
      sampler.report(Integer.getInteger("probe.depth", 12));
    }
    System.out.printf(
        "%s: jvm→main %d ms, init %d ms, first event %d ms, jvm→first handled %d ms,"
            + " second event %d ms | %s%n",
        kind,
        main - jvmStart,
        constructed - main,
        first - constructed,
        first - jvmStart,
        second - first,
        outcome.replace('\n', ' '));
    System.exit(0);
  }

  private static Object read(CustomPojoSerializer serializer, Class<?> type, byte[] event) {
    InputStream in = new ByteArrayInputStream(event);
    return serializer.fromJson(in, type);
  }
}
