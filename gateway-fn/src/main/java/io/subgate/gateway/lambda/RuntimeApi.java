package io.subgate.gateway.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The Lambda Runtime API (2018-06-01) as a custom runtime speaks it, with the streaming response
 * mode: {@code GET …/invocation/next} for the next event, and the answer {@code POST}ed in chunks
 * ({@code Lambda-Runtime-Function-Response-Mode: streaming}) as it is produced, an error after the
 * first byte going in the trailers. Plain HTTP/1.1 over a socket per call: the JDK's client cannot
 * send trailers, and the API is on loopback, where a connection costs next to nothing.
 */
final class RuntimeApi {
  static final String VERSION = "/2018-06-01/runtime";
  static final String STREAMING_TYPE = "application/vnd.awslambda.http-integration-response";

  /** One event and its invocation's id and deadline. */
  record Invocation(String requestId, long deadlineMs, byte[] event) {}

  private final String host;
  private final int port;

  /**
   * @param address {@code host:port}, as Lambda puts it in {@code AWS_LAMBDA_RUNTIME_API}
   */
  RuntimeApi(String address) {
    int colon = address.lastIndexOf(':');
    this.host = colon < 0 ? address : address.substring(0, colon);
    this.port = colon < 0 ? 80 : Integer.parseInt(address.substring(colon + 1));
  }

  /** Waits for the next event (as long as it takes: the sandbox is frozen meanwhile). */
  Invocation next() throws IOException {
    try (Socket s = new Socket(host, port)) {
      OutputStream out = s.getOutputStream();
      out.write(head("GET", VERSION + "/invocation/next", Map.of()));
      out.flush();
      Answer a = read(s.getInputStream());
      if (a.status() != 200) {
        throw new IOException("runtime API answered " + a.status() + " to next");
      }
      String id = a.headers().get("lambda-runtime-aws-request-id");
      if (id == null || id.isBlank()) {
        throw new IOException("runtime API sent an event without Lambda-Runtime-Aws-Request-Id");
      }
      String deadline = a.headers().getOrDefault("lambda-runtime-deadline-ms", "0");
      return new Invocation(id, Long.parseLong(deadline.trim()), a.body());
    }
  }

  /** Opens the streamed answer to invocation {@code requestId}. */
  Stream respond(String requestId) throws IOException {
    Socket s = new Socket(host, port);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Lambda-Runtime-Function-Response-Mode", "streaming");
    headers.put("Transfer-Encoding", "chunked");
    headers.put("Content-Type", STREAMING_TYPE);
    headers.put(
        "Trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    s.getOutputStream()
        .write(head("POST", VERSION + "/invocation/" + requestId + "/response", headers));
    return new Stream(s);
  }

  /** Reports that the function could not start. */
  void initError(String type, String message) throws IOException {
    post(VERSION + "/init/error", type, message);
  }

  private void post(String path, String type, String message) throws IOException {
    byte[] body =
        ("{\"errorMessage\":\"" + escape(message) + "\",\"errorType\":\"" + escape(type) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(host, port)) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Lambda-Runtime-Function-Error-Type", type);
      headers.put("Content-Type", "application/json");
      headers.put("Content-Length", Integer.toString(body.length));
      OutputStream out = s.getOutputStream();
      out.write(head("POST", path, headers));
      out.write(body);
      out.flush();
      read(s.getInputStream());
    }
  }

  /**
   * A chunked answer in progress: each write is one chunk, sent at once. {@link #finish} ends it;
   * {@link #fail} ends it with the error trailers Lambda reads after a streamed response began.
   */
  static final class Stream extends OutputStream {
    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private volatile boolean ended;
    private volatile @Nullable Runnable onGone;

    Stream(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      // Why a reader from the start: Lambda (or API Gateway, for a client that hung up) may close
      // the answer's connection at any time, and TCP lets the next write "succeed" into a dead
      // socket. Seeing the close at once makes the very next write fail, which cancels the relay
      // and frees the request's slots.
      Thread watcher =
          new Thread(
              () -> {
                try {
                  answer.complete(read(in));
                } catch (IOException | RuntimeException e) {
                  answer.completeExceptionally(e);
                }
                if (!ended) {
                  closeQuietly();
                  Runnable r = onGone;
                  if (r != null) {
                    r.run();
                  }
                }
              },
              "runtime-api-answer");
      watcher.setDaemon(true);
      watcher.start();
    }

    /** Runs {@code r} if the connection closes before the answer ended (the client went away). */
    void onGone(Runnable r) {
      onGone = r;
      if (answer.isDone() && !ended) {
        r.run();
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      if (answer.isDone() && !ended) {
        throw new IOException("the Runtime API closed the streamed answer (the client went away)");
      }
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b, off, len);
      out.write(CRLF);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    /** The answer is complete. */
    void finish() throws IOException {
      end("0\r\n\r\n");
    }

    /** The answer broke after it began: the error goes in the trailers. */
    void fail(String type, String message) throws IOException {
      String body =
          "{\"errorMessage\":\"" + escape(message) + "\",\"errorType\":\"" + escape(type) + "\"}";
      end(
          "0\r\nLambda-Runtime-Function-Error-Type: "
              + type
              + "\r\nLambda-Runtime-Function-Error-Body: "
              + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
              + "\r\n\r\n");
    }

    private void end(String last) throws IOException {
      if (ended) {
        return;
      }
      ended = true;
      out.write(last.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        answer.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IOException("the Runtime API refused the answer", e.getCause());
      } catch (TimeoutException e) {
        throw new IOException("the Runtime API did not acknowledge the answer", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    private void closeQuietly() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection that is already gone
      }
    }

    @Override
    public void close() throws IOException {
      ended = true;
      socket.close();
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private byte[] head(String method, String path, Map<String, String> headers) {
    StringBuilder b = new StringBuilder();
    b.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(host).append(':').append(port).append("\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    if (method.equals("GET")) {
      b.append("Content-Length: 0\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {}

  /** An HTTP/1.1 answer: status, headers (lower case), body by length, chunks or close. */
  static Answer read(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("the runtime API closed the connection without an answer");
    }
    String[] parts = status.split(" ", 3);
    int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    String length = headers.get("content-length");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int n = chunk(in); n > 0; n = chunk(in)) {
        all.write(in.readNBytes(n));
        line(in);
      }
      for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
        // trailers of an answer to us carry nothing we use
      }
      body = all.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Answer(code, headers, body);
  }

  private static int chunk(InputStream in) throws IOException {
    String size = line(in);
    if (size == null) {
      return 0;
    }
    int semi = size.indexOf(';');
    return Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
  }

  /** One CRLF-terminated line, null at the end of the stream. */
  static @Nullable String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
  }
}
