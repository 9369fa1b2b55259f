package io.subgate.gateway.proxy;

import java.util.UUID;

/** What the Gemini CLI and the Antigravity client send on their own (recorded shapes). */
final class GoogleClients {
  static final String GEMINI_CLI_UA = "GeminiCLI/0.55.1/gemini-2.5-pro (linux; x64)";
  static final String ANTIGRAVITY_UA = "antigravity/hub/2.8.1 windows/amd64";
  static final String CONTENTS =
      "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]";
  static final String NATIVE_BODY = "{" + CONTENTS + "}";

  private GoogleClients() {}

  /** Points every Google platform of the gateway at {@code google} (Antigravity: daily, prod). */
  static void pointAt(io.subgate.testing.StubGoogle google, java.util.Map<String, String> p) {
    p.put("subgate.platforms.gemini.api-base-url", google.baseUrl());
    p.put("subgate.platforms.gemini.oauth-api-base-url", google.baseUrl());
    p.put(
        "subgate.platforms.antigravity.oauth-api-base-url",
        google.baseUrl() + "/daily," + google.baseUrl() + "/prod");
  }

  /** The Gemini CLI's Code Assist envelope, with the project the gateway told it it has. */
  static String geminiCli(String model) {
    return "{\"model\":\""
        + model
        + "\",\"project\":\"subgate-pool\",\"user_prompt_id\":\"p-1\",\"request\":{"
        + CONTENTS
        + ",\"session_id\":\""
        + UUID.randomUUID()
        + "\"}}";
  }

  /** The Antigravity client's envelope. */
  static String antigravity(String model) {
    return "{\"project\":\"subgate-pool\",\"requestId\":\"agent-"
        + UUID.randomUUID()
        + "\",\"userAgent\":\"antigravity\",\"requestType\":\"agent\",\"model\":\""
        + model
        + "\",\"request\":{"
        + CONTENTS
        + ",\"sessionId\":\"-1234\"}}";
  }
}
