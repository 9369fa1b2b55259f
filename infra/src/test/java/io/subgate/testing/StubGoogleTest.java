package io.subgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link StubGoogle} refuses what Google refuses: each test sends one deliberately wrong request
 * and checks Google's status and error status name. (The token endpoint's refusals are in {@code
 * GoogleRefreshTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StubGoogleTest {
  private static final String CONTENTS =
      "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]";
  private static final String STUDIO = "/v1beta/models/gemini-2.5-flash:generateContent";
  private final HttpClient client = HttpClient.newHttpClient();
  private final StubGoogle google =
      new StubGoogle().apiKey("AIza-good").user("ya29.owner", "proj-own");

  @AfterAll
  void stop() {
    google.close();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(google.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void refused(HttpResponse<String> r, int status, String googleStatus) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"status\":\"" + googleStatus + "\""), r.body());
  }

  private static String envelope(String project) {
    return "{\"model\":\"gemini-2.5-pro\",\"project\":\""
        + project
        + "\",\"request\":{"
        + CONTENTS
        + "}}";
  }

  @Test
  void aiStudio_refusesAnApiKeySentAsBearer() throws Exception {
    refused(
        post(STUDIO, "{" + CONTENTS + "}", "authorization", "Bearer AIza-good"),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void aiStudio_refusesACallWithoutAKey_orWithAnUnknownOne() throws Exception {
    refused(post(STUDIO, "{" + CONTENTS + "}"), 403, "PERMISSION_DENIED");
    refused(
        post(STUDIO, "{" + CONTENTS + "}", "x-goog-api-key", "AIza-bad"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void aiStudio_refusesABodyWithoutContents_anUnknownModel_andAWrongPath() throws Exception {
    refused(post(STUDIO, "{}", "x-goog-api-key", "AIza-good"), 400, "INVALID_ARGUMENT");
    refused(
        post(
            "/v1beta/models/gemini-0:generateContent",
            "{" + CONTENTS + "}",
            "x-goog-api-key",
            "AIza-good"),
        404,
        "NOT_FOUND");
    refused(
        post(
            "/v1/models/gemini-2.5-flash:generateContent",
            "{" + CONTENTS + "}",
            "x-goog-api-key",
            "AIza-good"),
        404,
        "NOT_FOUND");
  }

  @Test
  void aiStudio_streamsSseOnlyWithAltSse_elseOneJsonArray() throws Exception {
    HttpResponse<String> array =
        post(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
            "{" + CONTENTS + "}",
            "x-goog-api-key",
            "AIza-good");
    HttpResponse<String> sse =
        post(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            "{" + CONTENTS + "}",
            "x-goog-api-key",
            "AIza-good");
    assertTrue(array.body().startsWith("["), array.body());
    assertTrue(sse.body().startsWith("data: "), sse.body());
  }

  @Test
  void codeAssist_refusesAMissingOrUnknownToken() throws Exception {
    refused(post("/v1internal:generateContent", envelope("proj-own")), 401, "UNAUTHENTICATED");
    refused(
        post(
            "/v1internal:generateContent",
            envelope("proj-own"),
            "authorization",
            "Bearer ya29.unknown"),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void codeAssist_refusesAnUnwrappedBody_aMissingProject_andAForeignOne() throws Exception {
    String owner = "Bearer ya29.owner";
    refused(
        post("/v1internal:generateContent", "{" + CONTENTS + "}", "authorization", owner),
        400,
        "INVALID_ARGUMENT");
    refused(
        post(
            "/v1internal:generateContent",
            "{\"model\":\"gemini-2.5-pro\",\"request\":{" + CONTENTS + "}}",
            "authorization",
            owner),
        400,
        "INVALID_ARGUMENT");
    refused(
        post("/v1internal:generateContent", envelope("proj-someone-else"), "authorization", owner),
        403,
        "PERMISSION_DENIED");
    refused(
        post("/v1internal:explode", envelope("proj-own"), "authorization", owner),
        404,
        "NOT_FOUND");
  }

  @Test
  void antigravityHosts_refuseAnEnvelopeOrUserAgentThatIsNotAntigravitys() throws Exception {
    String owner = "Bearer ya29.owner";
    String bare = envelope("proj-own");
    String full =
        "{\"project\":\"proj-own\",\"requestId\":\"agent-1\",\"userAgent\":\"antigravity\",\"requestType\":\"agent\",\"model\":\"gemini-3-flash\",\"request\":{"
            + CONTENTS
            + "}}";
    refused(
        post(
            "/daily/v1internal:streamGenerateContent?alt=sse",
            bare,
            "authorization",
            owner,
            "user-agent",
            "antigravity/hub/2.8.1 windows/amd64"),
        400,
        "INVALID_ARGUMENT");
    refused(
        post(
            "/daily/v1internal:streamGenerateContent?alt=sse",
            full,
            "authorization",
            owner,
            "user-agent",
            "curl/8"),
        400,
        "INVALID_ARGUMENT");
    assertEquals(
        200,
        post(
                "/prod/v1internal:streamGenerateContent?alt=sse",
                full,
                "authorization",
                owner,
                "user-agent",
                "antigravity/hub/2.8.1 windows/amd64")
            .statusCode());
  }
}
