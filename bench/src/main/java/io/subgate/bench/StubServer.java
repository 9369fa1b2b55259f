package io.subgate.bench;

import io.subgate.testing.StubLlmUpstream;
import java.time.Duration;

/**
 * The stub upstream as its own process, for benchmarks whose load generator and gateway run in
 * other processes. Prints its base URL on the first line, then serves until killed or until {@code
 * maxSeconds} pass (so a forgotten run ends by itself).
 *
 * <p>Arguments: {@code headerLatencyMs [maxSeconds]} (defaults 0 and 1800).
 */
public final class StubServer {
  private StubServer() {}

  public static void main(String[] args) throws Exception {
    long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 0;
    long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 1800;
    // With no latency the stub answers on its dispatcher thread: it stands for a provider on
    // another machine, so its CPU on this one is kept as small as the JDK server allows.
    try (StubLlmUpstream upstream =
        latencyMs == 0 ? StubLlmUpstream.inline() : new StubLlmUpstream()) {
      upstream.deltas(3).headerLatency(Duration.ofMillis(latencyMs));
      System.out.println(upstream.baseUrl());
      System.out.flush();
      Thread.sleep(Duration.ofSeconds(maxSeconds).toMillis());
    }
    System.exit(0);
  }
}
