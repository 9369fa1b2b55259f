package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real clients {@code scripts/install-clients.sh} puts in {@code .tools/clients} (or the folder
 * {@code -Dsubgate.test.clients-dir} names): Claude Code, the Codex CLI and the Gemini CLI, each
 * run non-interactively in a scratch {@code HOME} with nothing of the machine's environment but
 * {@code PATH}, so no real credential or setting of the developer's can leak into a run.
 */
final class RealClients {
  static final String CLAUDE_CODE = "@anthropic-ai/claude-code";
  static final String CODEX = "@openai/codex";
  static final String GEMINI_CLI = "@google/gemini-cli";
  private static final long TIMEOUT_SECONDS = 120;
  private static final JsonMapper JSON = JsonMapper.createDefault();

  /** How a run ended: the exit code (-1: killed at the time limit) and its merged output. */
  record Run(int exit, String output) {}

  private RealClients() {}

  static Path dir() {
    String given = System.getProperty("subgate.test.clients-dir", "");
    Stream<Path> candidates =
        given.isEmpty()
            ? Stream.of(Path.of("..", ".tools", "clients"), Path.of(".tools", "clients"))
            : Stream.of(Path.of(given));
    return candidates
        .filter(p -> Files.isDirectory(p.resolve("node_modules")))
        .findFirst()
        .map(Path::toAbsolutePath)
        .orElseThrow(
            () ->
                new AssertionError(
                    "the real clients are not installed: scripts/install-clients.sh (run by"
                        + " scripts/test.sh) installs them into .tools/clients"));
  }

  /** The installed version of {@code pkg}. */
  static String version(String pkg) {
    try {
      JsonNode manifest =
          JSON.readValue(
              Files.readAllBytes(
                  dir().resolve("node_modules").resolve(pkg).resolve("package.json")),
              JsonNode.class);
      return manifest.get("version").getStringValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Claude Code's native binary (what its postinstall links in place of the npm bin stub). */
  static Path claude() {
    Path nativeBinary = dir().resolve("node_modules/@anthropic-ai/claude-code-linux-x64/claude");
    return Files.isExecutable(nativeBinary) ? nativeBinary : bin("claude");
  }

  static Path codex() {
    return bin("codex");
  }

  static Path gemini() {
    return bin("gemini");
  }

  private static Path bin(String name) {
    Path p = dir().resolve("node_modules/.bin").resolve(name);
    if (!Files.isExecutable(p)) {
      throw new AssertionError(p + " is missing: scripts/install-clients.sh installs it");
    }
    return p;
  }

  /** A fresh scratch {@code HOME} under the module's build folder, with an empty work folder. */
  static Path home(String name) throws IOException {
    Path root = Path.of("target", "real-clients").toAbsolutePath();
    Files.createDirectories(root);
    Path home = Files.createTempDirectory(root, name + "-");
    Files.createDirectories(home.resolve("work"));
    return home;
  }

  /**
   * Runs {@code command} in {@code home}'s work folder with {@code HOME=home} and {@code env} on
   * top of a minimal environment; waits at most two minutes.
   */
  static Run run(Path home, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.resolve("work").toFile());
    Map<String, String> environment = pb.environment();
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.clear();
    environment.put("PATH", path);
    environment.put("HOME", home.toString());
    environment.put("LANG", "C.UTF-8");
    environment.put("TERM", "dumb");
    environment.put("NO_COLOR", "1");
    environment.putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the process was killed; what was read so far is the output
              }
            });
    reader.start();
    boolean done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return new Run(done ? process.exitValue() : -1, out.toString(StandardCharsets.UTF_8));
  }

  /** A client's settings file, written before the run. */
  static void write(Path home, String relative, String content) throws IOException {
    Path file = home.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** The command line, with the binary first. */
  static List<String> command(Path binary, String... args) {
    List<String> out = new ArrayList<>();
    out.add(binary.toString());
    out.addAll(List.of(args));
    return out;
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
