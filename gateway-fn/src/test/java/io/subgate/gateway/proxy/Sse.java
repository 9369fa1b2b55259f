package io.subgate.gateway.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A test client for the gateway's forwarding routes: complete answers and event streams. */
final class Sse {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Sse() {}

  /** {@code headers} alternate name and value: the client's own headers (its identity). */
  static HttpRequest request(URI base, String path, String key, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static HttpResponse<String> send(
      URI base, String path, String key, String body, String... headers)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request(base, path, key, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<InputStream> open(
      URI base, String path, String key, String body, String... headers)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request(base, path, key, body, headers), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The events (blank-line separated blocks) of a whole stream's text. */
  static List<String> events(String body) throws IOException {
    return events(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads events (blank-line separated blocks) until the stream ends. */
  static List<String> events(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    EventReader reader = new EventReader(in);
    String e;
    while ((e = reader.next()) != null) {
      out.add(e);
    }
    return out;
  }

  /** Reads one event at a time. */
  static final class EventReader {
    private final BufferedReader lines;

    EventReader(InputStream in) {
      lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event's text, or null at the end of the stream. */
    @Nullable String next() throws IOException {
      StringBuilder event = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (event.length() > 0) {
            return event.toString();
          }
          continue;
        }
        event.append(line).append('\n');
      }
      return event.length() > 0 ? event.toString() : null;
    }
  }
}
