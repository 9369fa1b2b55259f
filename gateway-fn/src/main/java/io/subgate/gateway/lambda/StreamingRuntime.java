package io.subgate.gateway.lambda;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway function's own Runtime API loop, so that its answers stream: started by Lambda in
 * place of the Java managed runtime's loop (the layer's exec wrapper, docs/deployment.md), or by
 * hand with {@code AWS_LAMBDA_RUNTIME_API} set. One invocation at a time, each answered through
 * {@link StreamingGateway} in the streaming response mode; nothing of an invocation outlives it
 * (every slot is released with the answer, and the usage record is written once the answer is
 * complete, before the next event is asked for: {@code subgate.usage.after-response}).
 */
public final class StreamingRuntime implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingRuntime.class);

  /** The environment whose settings fit a streaming deployment (15-minute deadline). */
  public static final String ENVIRONMENT = "lambda-streaming";

  private final RuntimeApi api;
  private final StreamingGateway gateway;
  private volatile boolean stopped;

  StreamingRuntime(RuntimeApi api, StreamingGateway gateway) {
    this.api = api;
    this.gateway = gateway;
  }

  public static void main(String[] args) {
    String address = System.getenv("AWS_LAMBDA_RUNTIME_API");
    if (address == null || address.isBlank()) {
      System.err.println(
          "AWS_LAMBDA_RUNTIME_API is not set: this runs under Lambda or an emulator");
      System.exit(2);
      return;
    }
    RuntimeApi api = new RuntimeApi(address);
    StreamingGateway gateway;
    try {
      gateway = new StreamingGateway(context());
    } catch (RuntimeException e) {
      try {
        api.initError("Runtime.InitError", e.getClass().getName() + ": " + e.getMessage());
      } catch (IOException reported) {
        LOG.error("lambda.init_error_not_reported error={}", reported.toString());
      }
      System.exit(1);
      return;
    }
    new StreamingRuntime(api, gateway).run();
  }

  /** The context on Lambda, with the streaming deployment's settings on top. */
  public static ApplicationContext context() {
    return GatewayLambdaHandler.contextBuilder().environments(ENVIRONMENT).build();
  }

  /** For tests: a loop against {@code address} on a context the caller built. */
  public static StreamingRuntime of(String address, ApplicationContext context) {
    return new StreamingRuntime(new RuntimeApi(address), new StreamingGateway(context));
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        serveOne();
      } catch (IOException e) {
        if (stopped) {
          return;
        }
        LOG.warn("lambda.runtime_api_failed error={}", e.toString());
        pause();
      }
    }
  }

  /** Stops after the invocation in progress. */
  public void stop() {
    stopped = true;
  }

  private void serveOne() throws IOException {
    RuntimeApi.Invocation invocation = api.next();
    try (RuntimeApi.Stream out = api.respond(invocation.requestId())) {
      answer(invocation, out);
    } finally {
      gateway.afterAnswer();
    }
  }

  private void answer(RuntimeApi.Invocation invocation, RuntimeApi.Stream out) throws IOException {
    try {
      gateway.handle(invocation.event(), out);
      out.finish();
    } catch (StreamingGateway.BrokenStream e) {
      out.fail("Subgate.StreamBroken", String.valueOf(e.getMessage()));
    } catch (IOException e) {
      // The client or the Runtime API went away mid-answer: the relay was cancelled with it.
      LOG.info(
          "lambda.stream_closed request_id={} error={}",
          invocation.requestId(),
          e.getClass().getSimpleName());
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
