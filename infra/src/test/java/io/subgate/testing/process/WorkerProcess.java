package io.subgate.testing.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Launches and drives one {@link LifecycleWorker} JVM; every wait is bounded. */
public final class WorkerProcess implements AutoCloseable {
  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT ok=(\\d+) failed=(\\d+) tokens=(\\S*) p50us=(\\d+) p99us=(\\d+) first=(\\S*)");

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** The worker's summary line. */
  public record Result(
      int ok,
      int failed,
      List<String> tokens,
      long p50Micros,
      long p99Micros,
      String firstFailure) {}

  private WorkerProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (!line.startsWith("READY") && !line.startsWith("RESULT")) {
                    System.out.println("[worker] " + line);
                  }
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("EOF " + e.getClass().getSimpleName());
              }
            },
            "worker-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  public static WorkerProcess start(Map<String, String> properties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Daws.region=us-east-1");
    command.add("-DSUBGATE_LOG_LEVEL=WARN");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LifecycleWorker.class.getName());
    properties.forEach((k, v) -> command.add(k + "=" + v));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SUBGATE_LOG_LEVEL", "WARN");
    return new WorkerProcess(builder.start());
  }

  /** Waits for a line starting with {@code prefix}; fails with the worker's output otherwise. */
  public String await(String prefix, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
        continue;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("worker never printed " + prefix + "; output:\n" + seen);
  }

  public void go() throws IOException {
    go(0);
  }

  /** Starts the callers at {@code epochMillis} (wall clock), so several workers start together. */
  public void go(long epochMillis) throws IOException {
    stdin.write("GO " + epochMillis + "\n");
    stdin.flush();
  }

  public Result result(long timeoutSeconds) throws InterruptedException {
    Matcher m = RESULT.matcher(await("RESULT", timeoutSeconds));
    if (!m.find()) {
      throw new AssertionError("unparseable result");
    }
    List<String> tokens = m.group(3).isEmpty() ? List.of() : List.of(m.group(3).split(","));
    return new Result(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        tokens,
        Long.parseLong(m.group(4)),
        Long.parseLong(m.group(5)),
        m.group(6));
  }

  /** Waits for the process to end and returns its exit code. */
  public int exitCode(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new AssertionError("worker did not exit within " + timeoutSeconds + " s");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
