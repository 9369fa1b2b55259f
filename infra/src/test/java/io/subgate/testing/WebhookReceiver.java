package io.subgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A webhook receiver on loopback (plain sockets, one request per connection): records each notice
 * (headers and body) it accepts; answers {@code status} (204 by default). While stopped it drops
 * every connection before reading it (the sender sees the connection closed under it); it keeps its
 * port meanwhile, so no other server can take the port and answer in its place. Counts every
 * request that reached it.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** A notice as received; header names in lower case. */
  public record Notice(Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  private final List<Notice> accepted = new ArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile int status = 204;
  private volatile boolean down;
  private volatile @Nullable ServerSocket server;
  private int port;

  public WebhookReceiver() {
    listen();
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** What it answers from now on. */
  public void answer(int next) {
    status = next;
  }

  /** Drops every connection until {@link #restart}. */
  public void stop() {
    down = true;
  }

  public void restart() {
    down = false;
  }

  @Override
  public synchronized void close() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closed
      }
    }
  }

  private synchronized void listen() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      port = s.getLocalPort();
      server = s;
      Thread t = new Thread(() -> accept(s), "webhook-receiver");
      t.setDaemon(true);
      t.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try (Socket c = s.accept()) {
        serve(c);
      } catch (IOException e) {
        // the listener closed, or the caller went away
      }
    }
  }

  private void serve(Socket c) throws IOException {
    if (down) {
      c.setSoLinger(true, 0); // a reset, as from a receiver that is not there
      return;
    }
    InputStream in = c.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.write(b);
    }
    Map<String, String> headers = new TreeMap<>();
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    attempts.incrementAndGet();
    int answer = status;
    if (answer / 100 == 2) {
      synchronized (accepted) {
        accepted.add(new Notice(headers, body));
      }
    }
    OutputStream out = c.getOutputStream();
    out.write(
        ("HTTP/1.1 " + answer + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  public List<Notice> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  /** Requests that reached it, accepted or not. */
  public int attempts() {
    return attempts.get();
  }
}
