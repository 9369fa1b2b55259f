package io.subgate.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A wall-clock sampler of the main thread for cold-start analysis, where JFR starts too late and
 * samples too rarely: every 10 ms it records which frames are on the main thread's stack, then
 * prints the frames present in the most samples (inclusive time, in samples of 10 ms). With {@code
 * -Dprobe.trace=<text>} it also prints the first whole stack containing that text (who calls it).
 */
final class StackSampler {
  private final Thread target = Thread.currentThread();
  private final Map<String, Integer> inclusive = new HashMap<>();
  private volatile boolean running = true;
  private int samples;
  private boolean traced;

  static StackSampler start() {
    StackSampler s = new StackSampler();
    Thread t = new Thread(s::loop, "stack-sampler");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private void loop() {
    while (running) {
      StackTraceElement[] stack = target.getStackTrace();
      String trace = System.getProperty("probe.trace");
      if (trace != null && !traced && java.util.Arrays.toString(stack).contains(trace)) {
        traced = true;
        System.out.println("first stack containing " + trace + ":");
        for (StackTraceElement e : stack) {
          System.out.println("    " + e);
        }
      }
      synchronized (this) {
        samples++;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (StackTraceElement e : stack) {
          String frame = e.getClassName() + "." + e.getMethodName();
          if (seen.add(frame)) {
            inclusive.merge(frame, 1, Integer::sum);
          }
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  synchronized void report(int top) {
    running = false;
    System.out.println("samples: " + samples + " (10 ms each)");
    System.out.println(
        inclusive.entrySet().stream()
            .filter(e -> !e.getKey().startsWith("java.") && !e.getKey().startsWith("jdk."))
            .sorted((a, b) -> b.getValue() - a.getValue())
            .limit(top)
            .map(e -> String.format("%5d %s", e.getValue(), e.getKey()))
            .collect(Collectors.joining("\n")));
  }
}
