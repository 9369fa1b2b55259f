package io.subgate.gateway.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Lambda Runtime API as a function sees it, on loopback, for the streaming response mode: it
 * hands out events on {@code GET …/invocation/next}, reads each streamed answer chunk by chunk as
 * it arrives (noting when), checks the prelude and its eight-NUL separator, and keeps the trailers.
 * It refuses what Lambda refuses: an answer to an unknown invocation (404), a streamed answer
 * without {@code Lambda-Runtime-Function-Response-Mode: streaming} or chunked encoding (400), a
 * prelude that is not a JSON object with a status. A test (or {@link StreamingFront}) invokes and
 * reads the answer live; {@link Invocation#disconnect} plays a client that went away.
 */
public final class RuntimeApiEmulator implements AutoCloseable {
  /** One chunk of body and when it arrived ({@link System#nanoTime}). */
  public record Arrival(long nanos, byte[] bytes) {}

  /** The prelude: status and headers, as the function wrote them. */
  public record Prelude(int status, Map<String, String> headers) {}

  /** One invocation and its answer as it streams in. */
  public static final class Invocation {
    final String id = UUID.randomUUID().toString();
    final byte[] event;
    final long deadlineMs;
    public final CompletableFuture<Prelude> prelude = new CompletableFuture<>();
    public final CompletableFuture<Map<String, String>> done = new CompletableFuture<>();
    final BlockingQueue<Arrival> chunks = new LinkedBlockingQueue<>();
    final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    volatile @Nullable Socket answering;

    /** When the Runtime API side closed the answer ({@link System#nanoTime}), 0 if it did not. */
    public volatile long disconnectedAt;

    Invocation(byte[] event, long deadlineMs) {
      this.event = event;
      this.deadlineMs = deadlineMs;
    }

    /** The next body chunk, null once the answer ended (or after {@code timeoutMs}). */
    public @Nullable Arrival nextChunk(long timeoutMs) throws InterruptedException {
      Arrival a = chunks.poll(timeoutMs, TimeUnit.MILLISECONDS);
      return a == null || a.bytes().length == 0 ? null : a;
    }

    /** Every body chunk so far. */
    public List<Arrival> arrivals() {
      synchronized (arrivals) {
        return List.copyOf(arrivals);
      }
    }

    /** The whole body, once the answer ended. */
    public String body() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      arrivals().forEach(a -> all.writeBytes(a.bytes()));
      return all.toString(StandardCharsets.UTF_8);
    }

    /** The client went away: the function's next write fails, as on Lambda. */
    public void disconnect() throws IOException {
      disconnectedAt = System.nanoTime();
      Socket s = answering;
      if (s != null) {
        s.close();
      }
    }
  }

  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "runtime-api-emulator");
            t.setDaemon(true);
            return t;
          });
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> byId = new ConcurrentHashMap<>();
  public final List<String> initErrors = Collections.synchronizedList(new ArrayList<>());

  /** Requests the emulator refused, with why. */
  public final List<String> refusals = Collections.synchronizedList(new ArrayList<>());

  public RuntimeApiEmulator() throws IOException {
    server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Queues {@code event} for the function; its answer streams into the returned invocation. */
  public Invocation invoke(byte[] event) {
    Invocation i = new Invocation(event, System.currentTimeMillis() + 900_000);
    byId.put(i.id, i);
    pending.add(i);
    return i;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      String requestLine = RuntimeApi.line(in);
      if (requestLine == null) {
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = RuntimeApi.line(in); h != null && !h.isEmpty(); h = RuntimeApi.line(in)) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      String[] parts = requestLine.split(" ");
      String method = parts[0];
      String path = parts[1];
      OutputStream out = s.getOutputStream();
      if (method.equals("GET") && path.equals(RuntimeApi.VERSION + "/invocation/next")) {
        Invocation next = pending.take();
        answer(
            out,
            200,
            Map.of(
                "Lambda-Runtime-Aws-Request-Id",
                next.id,
                "Lambda-Runtime-Deadline-Ms",
                Long.toString(next.deadlineMs),
                "Content-Type",
                "application/json"),
            next.event);
      } else if (method.equals("POST") && path.endsWith("/response")) {
        String id =
            path.substring(
                (RuntimeApi.VERSION + "/invocation/").length(),
                path.length() - "/response".length());
        Invocation i = byId.get(id);
        if (i == null) {
          refuse(out, 404, "no invocation " + id);
        } else if (!"streaming".equals(headers.get("lambda-runtime-function-response-mode"))
            || !"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          refuse(
              out, 400, "a streamed answer needs the streaming response mode and chunked encoding");
          i.done.completeExceptionally(new IllegalStateException("not streamed"));
        } else {
          i.answering = s;
          readStream(in, i);
          answer(out, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        }
      } else if (method.equals("POST") && path.endsWith("/init/error")) {
        initErrors.add(new String(body(in, headers), StandardCharsets.UTF_8));
        answer(out, 202, Map.of(), new byte[0]);
      } else {
        refuse(out, 404, "no such runtime API route: " + method + " " + path);
      }
    } catch (IOException e) {
      // a connection closed under us (a disconnect played by a test): nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the chunks as they come: prelude and separator first, then body chunks and trailers. */
  private void readStream(InputStream in, Invocation i) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    boolean preludeRead = false;
    try {
      while (true) {
        String size = RuntimeApi.line(in);
        if (size == null) {
          throw new IOException("the answer ended without its last chunk");
        }
        int n = Integer.parseInt(size.trim(), 16);
        if (n == 0) {
          break;
        }
        byte[] data = in.readNBytes(n);
        RuntimeApi.line(in);
        long now = System.nanoTime();
        if (preludeRead) {
          deliver(i, now, data);
          continue;
        }
        head.writeBytes(data);
        byte[] sofar = head.toByteArray();
        int sep = separator(sofar);
        if (sep < 0) {
          if (sofar.length > 65_536) {
            throw new IOException("no prelude separator in the first 64 KB");
          }
          continue;
        }
        i.prelude.complete(prelude(new String(sofar, 0, sep, StandardCharsets.UTF_8)));
        preludeRead = true;
        if (sofar.length > sep + 8) {
          byte[] rest = new byte[sofar.length - sep - 8];
          System.arraycopy(sofar, sep + 8, rest, 0, rest.length);
          deliver(i, now, rest);
        }
      }
      Map<String, String> trailers = new LinkedHashMap<>();
      for (String t = RuntimeApi.line(in); t != null && !t.isEmpty(); t = RuntimeApi.line(in)) {
        int colon = t.indexOf(':');
        trailers.put(t.substring(0, colon).trim(), t.substring(colon + 1).trim());
      }
      if (!preludeRead) {
        i.prelude.completeExceptionally(new IllegalStateException("the answer had no prelude"));
      }
      i.chunks.add(new Arrival(System.nanoTime(), new byte[0]));
      i.done.complete(trailers);
    } catch (IOException | RuntimeException e) {
      i.prelude.completeExceptionally(e);
      i.chunks.add(new Arrival(System.nanoTime(), new byte[0]));
      i.done.completeExceptionally(e);
      throw e;
    }
  }

  private static void deliver(Invocation i, long now, byte[] data) {
    Arrival a = new Arrival(now, data);
    i.arrivals.add(a);
    i.chunks.add(a);
  }

  private static int separator(byte[] b) {
    outer:
    for (int i = 0; i + 8 <= b.length; i++) {
      for (int j = 0; j < 8; j++) {
        if (b[i + j] != 0) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Prelude prelude(String text) {
    io.micronaut.json.JsonMapper json = io.micronaut.json.JsonMapper.createDefault();
    io.micronaut.json.tree.JsonNode node;
    try {
      node = json.readValue(text, io.micronaut.json.tree.JsonNode.class);
    } catch (IOException e) {
      throw new IllegalStateException("the prelude is not JSON: " + text, e);
    }
    if (node == null || !node.isObject() || node.get("statusCode") == null) {
      throw new IllegalStateException("the prelude has no statusCode: " + text);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    io.micronaut.json.tree.JsonNode h = node.get("headers");
    if (h != null) {
      for (Map.Entry<String, io.micronaut.json.tree.JsonNode> e : h.entries()) {
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().getStringValue());
      }
    }
    return new Prelude(node.get("statusCode").getIntValue(), headers);
  }

  private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
    String length = headers.get("content-length");
    return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
  }

  private void refuse(OutputStream out, int status, String why) throws IOException {
    refusals.add(why);
    answer(
        out,
        status,
        Map.of("Content-Type", "application/json"),
        ("{\"errorMessage\":\"" + why + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(OutputStream out, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
