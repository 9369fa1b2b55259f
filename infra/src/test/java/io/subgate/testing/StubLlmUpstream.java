package io.subgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An LLM upstream on loopback speaking the Anthropic ({@code /v1/messages}, {@code
 * /v1/messages/count_tokens}) and OpenAI ({@code /v1/chat/completions}, {@code /v1/responses})
 * shapes, as JSON or, when the body asks for {@code "stream": true}, as server-sent events with
 * usage blocks and each protocol's terminal event. Latency before the headers and between events is
 * configurable; a gate can hold a stream after its first event, so a test can observe that events
 * reach the client one by one. Records calls, headers and peak concurrency.
 */
public final class StubLlmUpstream implements AutoCloseable {
  public static final long INPUT_TOKENS = 12;
  public static final long OUTPUT_TOKENS = 34;
  private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

  /** The Codex backend's only inference path; it answers in the Responses shape. */
  public static final String CODEX_PATH = "/backend-api/codex/responses";

  /** Claude Code's subscription usage read (5-hour and 7-day windows). */
  public static final String ANTHROPIC_USAGE_PATH = "/api/oauth/usage";

  /** The Codex CLI's plan usage read on the ChatGPT backend. */
  public static final String CODEX_USAGE_PATH = "/backend-api/wham/usage";

  static final String ANTHROPIC_USAGE =
      "{\"five_hour\":{\"utilization\":25.0,\"resets_at\":\"2026-11-30T15:00:00Z\"},"
          + "\"seven_day\":{\"utilization\":40.0,\"resets_at\":\"2026-12-04T00:00:00Z\"}}";
  static final String CODEX_USAGE =
      "{\"plan_type\":\"pro\",\"rate_limit\":{\"primary_window\":{\"used_percent\":11,"
          + "\"limit_window_seconds\":18000,\"reset_at\":1796061600},\"secondary_window\":"
          + "{\"used_percent\":75,\"limit_window_seconds\":604800,\"reset_at\":1796500000}}}";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final java.util.Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private volatile String lastBody = "";
  private volatile int status = 200;
  private volatile Duration headerLatency = Duration.ZERO;
  private volatile Duration eventGap = Duration.ZERO;
  private volatile int deltas = 3;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> callsByCredential = new ConcurrentHashMap<>();
  private volatile Function<Request, Optional<Refusal>> rules = r -> Optional.empty();
  private volatile String lastQuery = "";
  private final Map<String, String> answerHeaders = new ConcurrentHashMap<>();
  private final java.util.Deque<Request> seen = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private volatile @Nullable StubToolTurn toolTurn;

  /** A request as the stub received it, for provider rules to judge. */
  public record Request(String path, String query, Map<String, String> headers, String body) {
    public String header(String lowerCaseName) {
      return headers.getOrDefault(lowerCaseName, "");
    }
  }

  /** What a provider answers to a request it refuses. */
  public record Refusal(int status, String body) {}

  /**
   * A fault injected for requests that carry one account's credential.
   *
   * @param status the status to answer (0: drop the connection without an answer)
   * @param headers headers of the faulty answer
   * @param times how many requests fail before the account is healthy again (-1: always)
   * @param body the faulty answer's body (empty: the protocol's generic error)
   */
  public record Fault(
      int status,
      Map<String, String> headers,
      int times,
      String body,
      int streamEvents,
      StreamEnd streamEnd) {
    public static Fault status(int status, int times) {
      return new Fault(status, Map.of(), times, "", 0, StreamEnd.NORMAL);
    }

    /** A 200 stream that sends its first {@code events} events and then ends as {@code end}. */
    public static Fault stream(int events, StreamEnd end, int times) {
      return new Fault(200, Map.of(), times, "", events, end);
    }

    public Fault withHeader(String name, String value) {
      Map<String, String> next = new java.util.HashMap<>(headers);
      next.put(name, value);
      return new Fault(status, next, times, body, streamEvents, streamEnd);
    }

    public Fault withBody(String next) {
      return new Fault(status, headers, times, next, streamEvents, streamEnd);
    }

    Fault used() {
      return new Fault(status, headers, times - 1, body, streamEvents, streamEnd);
    }
  }

  /** How a faulty stream ends after its events. */
  public enum StreamEnd {
    NORMAL,
    /** The connection is closed without the terminal event. */
    CUT,
    /** Nothing more is sent until the client gives up. */
    STALL,
    /** An {@code event: error} of type overloaded_error follows. */
    ERROR_EVENT,
    /** The request is accepted and never answered (no status, no headers). */
    HANG,
    /** A malformed event (data that is not JSON) follows, then the rest of the stream. */
    MALFORMED_THEN_REST,
    /**
     * The error event of a request the provider refuses for its content (Anthropic: {@code
     * invalid_request_error} "prompt is too long"; Responses: {@code response.failed} with {@code
     * context_length_exceeded}).
     */
    REQUEST_FAULT_EVENT
  }

  public StubLlmUpstream() throws IOException {
    this(true);
  }

  /**
   * A stub that answers on the server's one dispatcher thread, with no hand-off to a pool thread
   * per exchange: for benchmarks, where the stub stands for a provider on another machine and its
   * CPU here should be as small as it can be. One exchange at a time, so only for answers with no
   * latency, gap or hold (each would stall every other exchange).
   */
  public static StubLlmUpstream inline() throws IOException {
    return new StubLlmUpstream(false);
  }

  private StubLlmUpstream(boolean pooled) throws IOException {
    // Without it the JDK server's small event writes wait for the client's delayed ACK (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(pooled ? threads : null);
    for (String path :
        List.of(
            "/v1/messages",
            "/v1/messages/count_tokens",
            "/v1/chat/completions",
            "/v1/responses",
            CODEX_PATH)) {
      server.createContext(path, exchange -> serve(path, exchange));
    }
    read("/v1/models", "{\"data\":[{\"id\":\"claude-sonnet-4\",\"type\":\"model\"}]}");
    read(ANTHROPIC_USAGE_PATH, ANTHROPIC_USAGE);
    read(CODEX_USAGE_PATH, CODEX_USAGE);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests received on {@code path}. */
  public int calls(String path) {
    AtomicInteger n = calls.get(path);
    return n == null ? 0 : n.get();
  }

  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The most requests this stub served at the same time. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public String header(String lowerCaseName) {
    return lastHeaders.getOrDefault(lowerCaseName, "");
  }

  public String lastBody() {
    return lastBody;
  }

  /** The raw query of the last request, empty when it had none. */
  public String lastQuery() {
    return lastQuery;
  }

  /**
   * What the provider refuses: each request is judged by {@code next} before it is served, and a
   * refusal is answered as the provider would answer it.
   */
  public StubLlmUpstream rules(Function<Request, Optional<Refusal>> next) {
    rules = next;
    return this;
  }

  /** A header every successful answer carries (Codex usage windows, for example). */
  public StubLlmUpstream answerHeader(String name, String value) {
    answerHeaders.put(name, value);
    return this;
  }

  public StubLlmUpstream status(int next) {
    status = next;
    return this;
  }

  public StubLlmUpstream headerLatency(Duration next) {
    headerLatency = next;
    return this;
  }

  public StubLlmUpstream eventGap(Duration next) {
    eventGap = next;
    return this;
  }

  public StubLlmUpstream deltas(int next) {
    deltas = next;
    return this;
  }

  /**
   * Streams ask for {@code turn}'s tool call until the request carries its result (null: never).
   */
  public StubLlmUpstream toolTurn(@Nullable StubToolTurn turn) {
    toolTurn = turn;
    return this;
  }

  /** The last {@value #SEEN} requests served on an inference path, oldest first. */
  public List<Request> seen() {
    return List.copyOf(seen);
  }

  private static final int SEEN = 64;

  /** Streams hold after their first content event until {@code next} opens. */
  public StubLlmUpstream holdAfterFirstEvent(CountDownLatch next) {
    gate = next;
    return this;
  }

  /**
   * Requests carrying {@code credential} (x-api-key value or bearer token) fail as {@code fault}.
   */
  public StubLlmUpstream fault(String credential, Fault fault) {
    faults.put(credential, fault);
    return this;
  }

  public StubLlmUpstream clearFaults() {
    faults.clear();
    return this;
  }

  /** Requests received with {@code credential}. */
  public int callsWith(String credential) {
    AtomicInteger n = callsByCredential.get(credential);
    return n == null ? 0 : n.get();
  }

  /**
   * Client connections seen since the last {@link #resetCounters()} (distinct client ports): how a
   * test tells a reused keep-alive connection from a new one per request.
   */
  private volatile List<Long> lastStreamSentAt = List.of();

  /**
   * When each event of the last normal stream was written and flushed ({@link System#nanoTime}), in
   * order: what a test compares the client's arrivals with.
   */
  public List<Long> lastStreamSentAt() {
    return List.copyOf(lastStreamSentAt);
  }

  public int connectionsSeen() {
    return clientPorts.size();
  }

  public void resetCounters() {
    clientPorts.clear();
    calls.clear();
    peakInFlight.set(0);
    seen.clear();
  }

  /**
   * A read-only {@code GET} answered with {@code answer} (Anthropic's and OpenAI's model lists, the
   * subscriptions' usage reads), behind the same provider rules.
   */
  private void read(String path, String answer) {
    server.createContext(path, exchange -> read(path, answer, exchange));
  }

  private void read(String path, String answer, HttpExchange exchange) throws IOException {
    try {
      calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Map<String, String> headers = new java.util.HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      lastHeaders.putAll(headers);
      Optional<Refusal> refused = rules.apply(new Request(path, "", headers, ""));
      if (!"GET".equals(exchange.getRequestMethod())) {
        refused = Optional.of(new Refusal(405, "{\"error\":\"method not allowed\"}"));
      }
      if (refused.isPresent()) {
        json(exchange, refused.get().status(), refused.get().body());
        return;
      }
      json(exchange, 200, answer);
    } finally {
      exchange.close();
    }
  }

  private void serve(String path, HttpExchange exchange) throws IOException {
    clientPorts.add(exchange.getRemoteAddress().getPort());
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    try {
      calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> lastHeaders.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      lastBody = body;
      String query = exchange.getRequestURI().getRawQuery();
      lastQuery = query == null ? "" : query;
      Map<String, String> headers = new java.util.HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      Request request = new Request(exchange.getRequestURI().getPath(), lastQuery, headers, body);
      seen.addLast(request);
      while (seen.size() > SEEN) {
        seen.pollFirst();
      }
      Optional<Refusal> refused = rules.apply(request);
      if (refused.isPresent()) {
        json(exchange, refused.get().status(), refused.get().body());
        return;
      }
      answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      pause(headerLatency);
      exchange.getResponseHeaders().set("request-id", "req_upstream_1");
      String credential = credentialOf(exchange);
      callsByCredential.computeIfAbsent(credential, c -> new AtomicInteger()).incrementAndGet();
      Fault fault = takeFault(credential);
      if (fault != null) {
        if (fault.status() == 0) {
          return; // closed in finally without an answer: the client sees a reset
        }
        if (fault.streamEnd() == StreamEnd.HANG) {
          pause(Duration.ofSeconds(20));
          return;
        }
        fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (fault.status() == 200 && STREAM.matcher(body).find()) {
          faultyStream(path, exchange, fault, modelOf(body));
          return;
        }
        json(
            exchange,
            fault.status(),
            fault.body().isEmpty() ? error(path, fault.status()) : fault.body());
        return;
      }
      int code = status;
      if (code != 200) {
        json(exchange, code, error(path, code));
      } else if (STREAM.matcher(body).find() && !path.endsWith("count_tokens")) {
        StubToolTurn turn = toolTurn;
        stream(
            exchange,
            turn == null || turn.answeredIn(body)
                ? events(path, deltas, modelOf(body))
                : toolEvents(path, turn));
      } else {
        json(exchange, 200, complete(path, modelOf(body)));
      }
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private static String credentialOf(HttpExchange exchange) {
    String key = exchange.getRequestHeaders().getFirst("x-api-key");
    if (key != null) {
      return key;
    }
    String auth = exchange.getRequestHeaders().getFirst("authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
  }

  private synchronized @Nullable Fault takeFault(String credential) {
    Fault f = faults.get(credential);
    if (f == null || f.times() == 0) {
      return null;
    }
    if (f.times() > 0) {
      faults.put(credential, f.used());
    }
    return f;
  }

  private static void json(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static List<String> toolEvents(String path, StubToolTurn turn) {
    return path.startsWith("/v1/messages")
        ? turn.messagesEvents(INPUT_TOKENS)
        : turn.responsesEvents(INPUT_TOKENS);
  }

  private void stream(HttpExchange exchange, List<String> events) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    lastStreamSentAt = sent;
    try (OutputStream out = exchange.getResponseBody()) {
      boolean firstContentSent = false;
      for (String event : events) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
        sent.add(System.nanoTime());
        if (!firstContentSent && isContent(event)) {
          firstContentSent = true;
          awaitGate();
        }
        pause(eventGap);
      }
    }
  }

  private void faultyStream(String path, HttpExchange exchange, Fault fault, String model)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    List<String> events = events(path, deltas, model);
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < Math.min(fault.streamEvents(), events.size()); i++) {
      out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    switch (fault.streamEnd()) {
      case STALL:
        pause(Duration.ofSeconds(20));
        break;
      case MALFORMED_THEN_REST:
        out.write(
            "event: content_block_delta\ndata: {broken json\n\n".getBytes(StandardCharsets.UTF_8));
        for (int i = fault.streamEvents(); i < events.size(); i++) {
          out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        break;
      case REQUEST_FAULT_EVENT:
        out.write(requestFaultEvent(path).getBytes(StandardCharsets.UTF_8));
        out.flush();
        break;
      case ERROR_EVENT:
        out.write(
            sse(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        break;
      default:
        break;
    }
    out.close();
  }

  private static String requestFaultEvent(String path) {
    if (path.startsWith("/v1/messages")) {
      return sse(
          "error",
          "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
              + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}");
    }
    return sse(
        "response.failed",
        "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\","
            + "\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"Your input exceeds"
            + " the context window of this model.\"}}}");
  }

  private static boolean isContent(String event) {
    return event.contains("content_block_delta")
        || event.contains("\"delta\":{\"content\"")
        || event.contains("response.output_text.delta");
  }

  private void awaitGate() {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("stream gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> events(String path, int deltas, String model) {
    List<String> out = new ArrayList<>();
    switch (path) {
      case "/v1/messages":
        out.add(
            sse(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + named(model)
                    + "\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":"
                    + INPUT_TOKENS
                    + ",\"output_tokens\":1}}}"));
        out.add(
            sse(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (int i = 0; i < deltas; i++) {
          out.add(
              sse(
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":0,"
                      + "\"delta\":{\"type\":\"text_delta\",\"text\":\"part"
                      + i
                      + " \"}}"));
        }
        out.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        out.add(
            sse(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                    + "\"usage\":{\"output_tokens\":"
                    + OUTPUT_TOKENS
                    + "}}"));
        out.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return out;
      case "/v1/chat/completions":
        for (int i = 0; i < deltas; i++) {
          out.add(
              "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                  + named(model)
                  + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"part"
                  + i
                  + " \"}}]}\n\n");
        }
        out.add(
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                + named(model)
                + "\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":"
                + INPUT_TOKENS
                + ",\"completion_tokens\":"
                + OUTPUT_TOKENS
                + "}}\n\n");
        out.add("data: [DONE]\n\n");
        return out;
      default:
        return responsesEvents(deltas, model);
    }
  }

  /**
   * A Responses stream as the API and the Codex backend send it: the response created, a message
   * item with one output_text part whose deltas carry the text, each of them closed, and the
   * completed response with its full usage block (the Codex CLI refuses one without {@code
   * total_tokens}, and text deltas outside an open item).
   */
  private static List<String> responsesEvents(int deltas, String model) {
    List<String> out = new ArrayList<>();
    String item = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
    out.add(
        sse(
            "response.created",
            "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":"
                + "\"response\","
                + named(model)
                + "\"status\":\"in_progress\",\"output\":[]}}"));
    out.add(
        sse(
            "response.output_item.added",
            "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":"
                + "\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":"
                + "\"assistant\",\"content\":[]}}"));
    out.add(
        sse(
            "response.content_part.added",
            "{\"type\":\"response.content_part.added\","
                + item
                + ",\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < deltas; i++) {
      out.add(
          sse(
              "response.output_text.delta",
              "{\"type\":\"response.output_text.delta\","
                  + item
                  + ",\"delta\":\"part"
                  + i
                  + " \"}"));
      text.append("part").append(i).append(' ');
    }
    String part = "{\"type\":\"output_text\",\"text\":\"" + text + "\",\"annotations\":[]}";
    out.add(
        sse(
            "response.output_text.done",
            "{\"type\":\"response.output_text.done\"," + item + ",\"text\":\"" + text + "\"}"));
    out.add(
        sse(
            "response.content_part.done",
            "{\"type\":\"response.content_part.done\"," + item + ",\"part\":" + part + "}"));
    String message =
        "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":"
            + "\"assistant\",\"content\":["
            + part
            + "]}";
    out.add(
        sse(
            "response.output_item.done",
            "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                + message
                + "}"));
    out.add(
        sse(
            "response.completed",
            "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"object\":"
                + "\"response\","
                + named(model)
                + "\"status\":\"completed\",\"output\":["
                + message
                + "],\"usage\":{\"input_tokens\":"
                + INPUT_TOKENS
                + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":"
                + OUTPUT_TOKENS
                + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"
                + (INPUT_TOKENS + OUTPUT_TOKENS)
                + "}}}"));
    return out;
  }

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"\\\\]*)\"");

  /** The model the request named (as the providers echo it in their answers), or empty. */
  private static String modelOf(String body) {
    java.util.regex.Matcher m = MODEL.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  /** {@code "model":"…",} for an answer, or nothing when the request named none (Google's path). */
  private static String named(String model) {
    return model.isEmpty() ? "" : "\"model\":\"" + model + "\",";
  }

  private static String sse(String event, String data) {
    return "event: " + event + "\ndata: " + data + "\n\n";
  }

  private static String complete(String path, String model) {
    switch (path) {
      case "/v1/messages":
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + named(model)
            + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],"
            + "\"usage\":{\"input_tokens\":"
            + INPUT_TOKENS
            + ",\"output_tokens\":"
            + OUTPUT_TOKENS
            + "}}";
      case "/v1/messages/count_tokens":
        return "{\"input_tokens\":" + INPUT_TOKENS + "}";
      case "/v1/chat/completions":
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
            + named(model)
            + "\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}],"
            + "\"usage\":{\"prompt_tokens\":"
            + INPUT_TOKENS
            + ",\"completion_tokens\":"
            + OUTPUT_TOKENS
            + "}}";
      default:
        return "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
            + named(model)
            + "\"output\":[],\"usage\":{\"input_tokens\":"
            + INPUT_TOKENS
            + ",\"output_tokens\":"
            + OUTPUT_TOKENS
            + "}}";
    }
  }

  private static String error(String path, int code) {
    if (path.startsWith("/v1/messages")) {
      return "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
          + "\"message\":\"upstream says "
          + code
          + "\"}}";
    }
    return "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"upstream says "
        + code
        + "\",\"code\":null}}";
  }

  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
