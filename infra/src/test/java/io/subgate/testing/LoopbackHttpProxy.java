package io.subgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy on loopback: {@code CONNECT host:port} tunnels and absolute-form requests ({@code
 * POST http://host:port/path}), forwarded in origin form with its {@code Proxy-*} headers taken
 * off; {@code Proxy-Authorization: Basic} required when it has credentials (407 otherwise).
 */
public final class LoopbackHttpProxy extends LoopbackProxy {

  public LoopbackHttpProxy(@Nullable String username, @Nullable String password) {
    super(username, password);
  }

  @Override
  protected void serve(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    String head = readHead(in);
    if (head.isEmpty()) {
      return;
    }
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3) {
      answer(client, "400 Bad Request", "");
      return;
    }
    if (!authorized(lines)) {
      refusedLogin();
      answer(
          client, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"t\"\r\n");
      return;
    }
    String method = requestLine[0];
    String target = requestLine[1];
    logged(method.equals("CONNECT") ? "CONNECT " + target : method + " " + target);
    if (method.equals("CONNECT")) {
      int colon = target.lastIndexOf(':');
      Socket upstream;
      try {
        upstream =
            connect(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
      } catch (IOException e) {
        answer(client, "502 Bad Gateway", "");
        return;
      }
      OutputStream out = client.getOutputStream();
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      relay(client, in, upstream, new byte[0]);
      return;
    }
    URI uri = URI.create(target);
    if (uri.getHost() == null) {
      answer(client, "400 Bad Request", "");
      return;
    }
    Socket upstream;
    try {
      upstream = connect(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    } catch (IOException e) {
      answer(client, "502 Bad Gateway", "");
      return;
    }
    StringBuilder forwarded = new StringBuilder();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    forwarded.append(method).append(' ').append(path).append(' ').append(requestLine[2]);
    forwarded.append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String lower = lines[i].toLowerCase(Locale.ROOT);
      if (!lower.startsWith("proxy-") && !lower.startsWith("connection:")) {
        forwarded.append(lines[i]).append("\r\n");
      }
    }
    // One request per connection: the target closes after its answer, and so does the proxy.
    forwarded.append("Connection: close\r\n\r\n");
    relay(
        client,
        in,
        upstream,
        forwarded.toString().getBytes(StandardCharsets.ISO_8859_1),
        LoopbackHttpProxy::closingHead);
  }

  /** The target's answer head, saying the connection closes after it (so no client reuses it). */
  private static byte[] closingHead(InputStream fromTarget) throws IOException {
    String head = readHead(fromTarget);
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        out.append(line).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private boolean authorized(String[] lines) {
    if (username == null) {
      return true;
    }
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("proxy-authorization")) {
        String value = line.substring(colon + 1).trim();
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
          String decoded =
              new String(
                  Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
          int sep = decoded.indexOf(':');
          return sep > 0 && loginMatches(decoded.substring(0, sep), decoded.substring(sep + 1));
        }
      }
    }
    return false;
  }

  private static void answer(Socket client, String status, String headers) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(
        ("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The request line and headers, up to the blank line; empty when the client closed first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return "";
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }
}
