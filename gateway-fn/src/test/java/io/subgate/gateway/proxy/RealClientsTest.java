package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.proxy.ClientTap.Sent;
import io.subgate.gateway.proxy.RealClients.Run;
import io.subgate.testing.StubGoogle;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.StubLlmUpstream.Request;
import io.subgate.testing.StubToolTurn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code, the Codex CLI and the Gemini CLI — the real clients, installed from npm by {@code
 * scripts/install-clients.sh} — run non-interactively through the gateway (Netty, the buffered
 * Lambda handler and the streaming Lambda function) to the provider-faithful stubs, each on the
 * pool it is meant for, with one tool-use round trip: the stub asks for a tool call, the client
 * runs it and sends the result back. A recording tap in front of the gateway keeps what each client
 * sent; what reached the stub must be the same request (headers, body, beta list) with only the
 * account-scoped changes. Each client on a pool whose accounts do not serve it gets the gateway's
 * clear refusal and no upstream call. The request shapes seen are written to {@code
 * target/real-clients/shapes.json}, which {@code scripts/bump-clients.sh} compares across versions.
 */
@MicronautTest(transactional = false)
class RealClientsTest extends UpstreamTestBase {
  /** What the gateway never relays of a client's headers (credentials, hop-by-hop, framing). */
  private static final Set<String> NOT_RELAYED =
      Set.of(
          "authorization",
          "x-api-key",
          "x-goog-api-key",
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "accept-encoding");

  private static final String CLAUDE_MODEL = "claude-sonnet-4-6";
  private static final String GEMINI_MODEL = "gemini-2.5-flash";
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final StubGoogle google = new StubGoogle();
  private final Map<String, Object> shapes = new TreeMap<>();

  @Override
  protected void configure(Map<String, String> p) {
    GoogleClients.pointAt(google, p);
  }

  @BeforeEach
  void clean() {
    upstream.toolTurn(null);
    google.toolTurn(null);
    google.reset();
  }

  @AfterAll
  void stop() throws IOException {
    google.close();
    Path out = Path.of("target", "real-clients", "shapes.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.writeValueAsString(shapes));
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A file in the run's work folder whose content only the client's tool call can reveal. */
  private static String marker(Path home) throws IOException {
    String secret = "subgate-marker-" + id();
    Files.writeString(home.resolve("work/marker.txt"), secret + "\n");
    return secret;
  }

  @Test
  void claudeCode_onAClaudeSubscription_runsAToolTurn_andReachesAnthropicAsItSentIt()
      throws Exception {
    String token = ProviderRules.OAUTH_TOKEN_PREFIX + "01-rc-" + id();
    String key =
        pools().key(Platform.ANTHROPIC, 4, pools().oauth(Platform.ANTHROPIC, token, null, 1, 2));
    for (String gateway : gateways()) {
      Path home = RealClients.home("claude");
      String marker = marker(home);
      upstream.toolTurn(
          new StubToolTurn("Read", "{\"file_path\":\"" + home.resolve("work/marker.txt") + "\"}"));
      upstream.resetCounters();
      try (ClientTap tap = new ClientTap(gateway)) {
        Run run = claude(home, tap.baseUrl(), key, "Read marker.txt and tell me what it says");

        List<Request> got = upstream.seen();
        List<Sent> sent = posts(tap, "/v1/messages");
        assertToolTurn(
            gateway, run, "part0", got.stream().map(Request::body).toList(), sent, marker);
        for (int i = 0; i < 2; i++) {
          Sent client = sent.get(i);
          Request seen = got.get(i);
          assertRelayedAsSent(client, seen, Set.of("anthropic-beta"));
          assertEquals(client.body(), seen.body(), "the body exactly as Claude Code sent it");
          assertEquals("Bearer " + token, seen.header("authorization"));
          assertEquals("", seen.header("x-api-key"), "the client's key never leaves");
          assertTrue(seen.query().contains("beta=true"));
          List<String> betas = new ArrayList<>(List.of(client.header("anthropic-beta").split(",")));
          betas.add(betas.indexOf("claude-code-20250219") + 1, "oauth-2025-04-20");
          assertEquals(
              String.join(",", betas), seen.header("anthropic-beta"), "the OAuth beta added");
        }
        JsonNode body = JSON.readValue(sent.get(0).body(), JsonNode.class);
        assertTrue(
            body.get("system")
                .get(0)
                .get("text")
                .getStringValue()
                .startsWith("x-anthropic-billing-header"),
            "Claude Code's own billing block, first in system, passed through");
        record("claude-code", RealClients.version(RealClients.CLAUDE_CODE), sent.get(0));
      }
    }
  }

  @Test
  void codexCli_onAChatGptSubscription_runsAToolTurn_andItsSessionHeadersReachTheBackend()
      throws Exception {
    String token = "codex-at-" + id();
    String accountId = "acct-" + id();
    rules.codexAccount(token, accountId);
    String key =
        pools().key(Platform.OPENAI, 4, pools().oauth(Platform.OPENAI, token, accountId, 1, 2));
    for (String gateway : gateways()) {
      Path home = RealClients.home("codex");
      String marker = marker(home);
      upstream.toolTurn(new StubToolTurn("exec_command", "{\"cmd\":\"cat marker.txt\"}"));
      upstream.resetCounters();
      try (ClientTap tap = new ClientTap(gateway)) {
        Run run = codex(home, tap.baseUrl(), key, "Print the content of marker.txt");

        List<Request> got = codexCalls();
        List<Sent> sent = posts(tap, "/v1/responses");
        assertToolTurn(
            gateway, run, "part0", got.stream().map(Request::body).toList(), sent, marker);
        for (int i = 0; i < 2; i++) {
          Sent client = sent.get(i);
          Request seen = got.get(i);
          assertRelayedAsSent(client, seen, Set.of("accept"));
          for (String header : List.of("session-id", "thread-id", "x-client-request-id")) {
            assertFalse(client.header(header).isEmpty(), "Codex sends " + header);
            assertEquals(
                client.header(header), seen.header(header), header + " reached the backend");
          }
          assertEquals(client.body(), seen.body(), "the body as the Codex CLI sent it");
          assertEquals("Bearer " + token, seen.header("authorization"));
          assertEquals(accountId, seen.header("chatgpt-account-id"));
          String uaVersion = client.header("user-agent").replaceAll("^[^/]+/([^ ]+).*$", "$1");
          assertEquals(uaVersion, seen.header("version"), "the version its User-Agent states");
        }
        record("codex", RealClients.version(RealClients.CODEX), sent.get(0));
      }
    }
  }

  @Test
  void geminiCli_onAnAiStudioKeyPool_runsAToolTurn_andReachesGoogleAsItSentIt() throws Exception {
    String secret = "AIza-rc-" + id();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 4, pools().account(Platform.GEMINI, secret, 1, 2));
    for (String gateway : gateways()) {
      Path home = RealClients.home("gemini");
      String marker = marker(home);
      google.toolTurn(
          new StubToolTurn(
              "read_file", "{\"file_path\":\"" + home.resolve("work/marker.txt") + "\"}"));
      google.reset();
      try (ClientTap tap = new ClientTap(gateway)) {
        Run run = geminiWithKey(home, tap.baseUrl(), key, "What does marker.txt say?");

        List<StubGoogle.Seen> got = google.seen(":streamGenerateContent");
        List<Sent> sent = posts(tap, ":streamGenerateContent");
        assertToolTurn(
            gateway,
            run,
            "Hello world",
            got.stream().map(StubGoogle.Seen::body).toList(),
            sent,
            marker);
        for (int i = 0; i < 2; i++) {
          Sent client = sent.get(i);
          StubGoogle.Seen seen = got.get(i);
          assertEquals(client.body(), seen.body(), "the body as the Gemini CLI sent it");
          assertEquals(secret, seen.header("x-goog-api-key"));
          assertEquals("", seen.header("authorization"));
          assertTrue(seen.query().contains("alt=sse"));
          for (String header :
              List.of("user-agent", "x-goog-api-client", "x-gemini-api-privileged-user-id")) {
            assertEquals(client.header(header), seen.header(header), header + " relayed");
          }
        }
        record("gemini-cli (API key)", RealClients.version(RealClients.GEMINI_CLI), sent.get(0));
      }
    }
  }

  @Test
  void geminiCli_onACodeAssistPool_inApiKeyMode_andInCodeAssistMode_goesOutWithTheAccountsProject()
      throws Exception {
    String token = "ya29.rc-" + id();
    google.user(token, "proj-rc");
    String key =
        pools().key(Platform.GEMINI, 4, pools().google(Platform.GEMINI, token, "proj-rc", 1));
    for (String gateway : gateways()) {
      for (boolean codeAssistMode : List.of(false, true)) {
        Path home = RealClients.home("gemini-ca");
        String marker = marker(home);
        google.toolTurn(
            new StubToolTurn(
                "read_file", "{\"file_path\":\"" + home.resolve("work/marker.txt") + "\"}"));
        google.reset();
        try (ClientTap tap = new ClientTap(gateway)) {
          Run run =
              codeAssistMode
                  ? geminiCodeAssist(home, tap.baseUrl(), key, "What does marker.txt say?")
                  : geminiWithKey(home, tap.baseUrl(), key, "What does marker.txt say?");

          String label = gateway + (codeAssistMode ? " (Code Assist mode)" : " (API-key mode)");
          List<StubGoogle.Seen> got = google.seen(":streamGenerateContent");
          List<Sent> sent = posts(tap, ":streamGenerateContent");
          assertToolTurn(
              label,
              run,
              "Hello world",
              got.stream().map(StubGoogle.Seen::body).toList(),
              sent,
              marker);
          for (int i = 0; i < 2; i++) {
            JsonNode upstreamBody = JSON.readValue(got.get(i).body(), JsonNode.class);
            JsonNode clientBody = JSON.readValue(sent.get(i).body(), JsonNode.class);
            assertEquals("proj-rc", upstreamBody.get("project").getStringValue());
            assertEquals(GEMINI_MODEL, upstreamBody.get("model").getStringValue());
            assertEquals("Bearer " + token, got.get(i).header("authorization"));
            JsonNode clientRequest = codeAssistMode ? clientBody.get("request") : clientBody;
            assertEquals(
                JSON.writeValueAsString(clientRequest),
                JSON.writeValueAsString(upstreamBody.get("request")),
                "the client's request inside the envelope, unchanged");
            if (codeAssistMode) {
              assertEquals(
                  clientBody.get("user_prompt_id").getStringValue(),
                  upstreamBody.get("user_prompt_id").getStringValue());
            }
            assertEquals(sent.get(i).header("user-agent"), got.get(i).header("user-agent"));
          }
          assertEquals(
              2,
              google.seen().size(),
              label + ": the CLI's start-up calls are answered by the gateway: " + google.seen());
          if (codeAssistMode) {
            record(
                "gemini-cli (Code Assist)",
                RealClients.version(RealClients.GEMINI_CLI),
                sent.get(0));
          }
        }
      }
    }
  }

  @Test
  void eachClient_onAPoolWhoseAccountsDoNotServeIt_getsTheClearRefusal_andNoUpstreamCall()
      throws Exception {
    String codexToken = "codex-at-" + id();
    rules.codexAccount(codexToken, "acct-x");
    Account codexAccount = pools().oauth(Platform.OPENAI, codexToken, "acct-x", 1, 2);
    String codexPool = pools().key(Platform.OPENAI, 4, codexAccount);
    String claudePool =
        pools()
            .key(
                Platform.ANTHROPIC,
                4,
                pools()
                    .oauth(
                        Platform.ANTHROPIC, ProviderRules.OAUTH_TOKEN_PREFIX + id(), null, 1, 2));
    String gateway = gateways().get(0);
    upstream.resetCounters();
    google.reset();

    Run claude = claude(RealClients.home("claude-no"), gateway, codexPool, "hello");
    Run codex = codex(RealClients.home("codex-no"), gateway, claudePool, "hello");
    Run gemini = geminiWithKey(RealClients.home("gemini-no"), gateway, claudePool, "hello");

    for (Run run : List.of(claude, codex, gemini)) {
      assertNotEquals(0, run.exit(), run.output());
    }
    for (Run run : List.of(claude, codex, gemini)) {
      assertTrue(
          run.output().contains("subscription accounts, which serve requests from"),
          "the subscription pool's refusal reaches the user: " + run.output());
    }
    assertEquals(0, upstream.totalCalls(), "no upstream call");
    assertEquals(0, google.seen().size(), "no upstream call");
  }

  private static Run claude(Path home, String base, String key, String prompt) throws Exception {
    return RealClients.run(
        home,
        RealClients.env(
            "ANTHROPIC_BASE_URL",
            base,
            "ANTHROPIC_API_KEY",
            key,
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
            "1",
            "DISABLE_AUTOUPDATER",
            "1"),
        RealClients.command(
            RealClients.claude(), "-p", prompt, "--model", CLAUDE_MODEL, "--max-turns", "4"));
  }

  private static Run codex(Path home, String base, String key, String prompt) throws Exception {
    RealClients.write(
        home,
        ".codex/config.toml",
        "model_provider = \"subgate\"\nmodel = \"gpt-5.4\"\n\n[model_providers.subgate]\n"
            + "name = \"Subgate\"\nbase_url = \""
            + base
            + "/v1\"\nenv_key = \"SUBGATE_KEY\"\nwire_api = \"responses\"\n");
    return RealClients.run(
        home,
        RealClients.env("SUBGATE_KEY", key),
        RealClients.command(RealClients.codex(), "exec", "--skip-git-repo-check", prompt));
  }

  private static Run geminiWithKey(Path home, String base, String key, String prompt)
      throws Exception {
    RealClients.write(
        home,
        ".gemini/settings.json",
        "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}}}");
    return RealClients.run(
        home,
        RealClients.env(
            "GEMINI_API_KEY", key,
            "GOOGLE_GEMINI_BASE_URL", base,
            "GEMINI_CLI_TRUST_WORKSPACE", "true"),
        RealClients.command(RealClients.gemini(), "-p", prompt, "-m", GEMINI_MODEL));
  }

  private static Run geminiCodeAssist(Path home, String base, String key, String prompt)
      throws Exception {
    RealClients.write(
        home,
        ".gemini/settings.json",
        "{\"security\":{\"auth\":{\"selectedType\":\"oauth-personal\"}}}");
    return RealClients.run(
        home,
        RealClients.env(
            "GOOGLE_GENAI_USE_GCA",
            "true",
            "GOOGLE_CLOUD_ACCESS_TOKEN",
            key,
            "CODE_ASSIST_ENDPOINT",
            base,
            "GEMINI_CLI_TRUST_WORKSPACE",
            "true"),
        RealClients.command(RealClients.gemini(), "-p", prompt, "-m", GEMINI_MODEL));
  }

  /**
   * The run succeeded with the final answer shown to the user, after exactly two upstream calls as
   * the client sent two: the question, then the tool's result holding {@code marker}, which only
   * running the tool could read.
   */
  private static void assertToolTurn(
      String label,
      Run run,
      String answer,
      List<String> upstreamBodies,
      List<Sent> sent,
      String marker) {
    assertEquals(0, run.exit(), label + ": " + run.output());
    assertTrue(
        run.output().contains(answer), label + ", the answer reached the user: " + run.output());
    assertEquals(
        2, upstreamBodies.size(), label + ": the question and the tool's result: " + run.output());
    assertEquals(2, sent.size(), label + ": the client sent two requests");
    assertTrue(
        upstreamBodies.get(1).contains(marker),
        label + ": the client ran the tool and sent its result");
  }

  private List<Request> codexCalls() {
    return upstream.seen().stream()
        .filter(r -> r.path().equals(StubLlmUpstream.CODEX_PATH))
        .toList();
  }

  private static List<Sent> posts(ClientTap tap, String pathPart) {
    return tap.sent().stream()
        .filter(s -> s.method().equals("POST") && s.path().contains(pathPart))
        .filter(s -> !s.path().contains("count_tokens"))
        .toList();
  }

  /**
   * Every header the client sent reached the upstream with the same value, but the credentials and
   * hop-by-hop headers, and {@code changed} (what the account or the upstream's contract sets).
   */
  private static void assertRelayedAsSent(Sent client, Request seen, Set<String> changed) {
    client
        .headers()
        .forEach(
            (name, value) -> {
              if (!NOT_RELAYED.contains(name) && !changed.contains(name)) {
                assertEquals(value, seen.header(name), name + " relayed as the client sent it");
              }
            });
  }

  /** The shape of a client's request: header names, body fields, beta list. */
  private void record(String client, String version, Sent sent) throws IOException {
    JsonNode body = JSON.readValue(sent.body(), JsonNode.class);
    Set<String> fields = new TreeSet<>();
    body.entries().forEach(e -> fields.add(e.getKey()));
    JsonNode request = body.get("request");
    if (request != null && request.isObject()) {
      request.entries().forEach(e -> fields.add("request." + e.getKey()));
    }
    Map<String, Object> shape = new TreeMap<>();
    shape.put("version", version);
    shape.put("path", sent.path());
    shape.put("headers", new TreeSet<>(sent.headers().keySet()));
    shape.put("body", fields);
    if (!sent.header("anthropic-beta").isEmpty()) {
      shape.put("betas", new TreeSet<>(List.of(sent.header("anthropic-beta").split(","))));
    }
    shapes.put(client, shape);
  }
}
