package io.subgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.login.Logins;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The stub's sign-in page refuses what a provider's authorization endpoint refuses (a request
 * without PKCE, a state, a client or a redirect) and shows a code to paste that exchanges once,
 * only with the verifier of the request's challenge.
 */
class StubSignInPageTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> exchange(StubTokenServer stub, String code, String verifier)
      throws Exception {
    String body =
        "{\"grant_type\":\"authorization_code\",\"code\":\""
            + code
            + "\",\"code_verifier\":\""
            + verifier
            + "\",\"redirect_uri\":\"https://example.test/cb\"}";
    return client.send(
        HttpRequest.newBuilder(URI.create(stub.tokenUrl()))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesARequestWithoutPkce_andShowsACodeThatExchangesOnceWithItsVerifier() throws Exception {
    try (StubTokenServer stub = StubTokenServer.start(2)) {
      String verifier = "a-verifier-of-enough-length-for-pkce-0123456789";
      String base =
          stub.signInUrl()
              + "?client_id=c&response_type=code&scope=user%3Ainference&redirect_uri="
              + URLEncoder.encode("https://example.test/cb", StandardCharsets.UTF_8)
              + "&state=st4te";
      HttpResponse<String> noPkce = get(base);
      HttpResponse<String> plainMethod =
          get(base + "&code_challenge=x&code_challenge_method=plain");
      String withPkce =
          base + "&code_challenge=" + Logins.challenge(verifier) + "&code_challenge_method=S256";
      HttpResponse<String> page = get(withPkce);
      String shown = page.body().replaceAll("(?s).*<code id=\"code\">([^<]+)</code>.*", "$1");
      String code = shown.substring(0, shown.indexOf('#'));
      HttpResponse<String> exchanged = exchange(stub, code, verifier);
      HttpResponse<String> again = exchange(stub, code, verifier);
      String other = get(withPkce).body().replaceAll("(?s).*<code id=\"code\">([^#]+)#.*", "$1");
      HttpResponse<String> wrongVerifier =
          exchange(stub, other, "another-verifier-0123456789abcdefghij");

      assertEquals(400, noPkce.statusCode(), noPkce.body());
      assertTrue(noPkce.body().contains("code_challenge"), noPkce.body());
      assertEquals(400, plainMethod.statusCode(), plainMethod.body());
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(shown.endsWith("#st4te"), shown);
      assertEquals(200, exchanged.statusCode(), exchanged.body());
      assertTrue(exchanged.body().contains("\"refresh_token\""), exchanged.body());
      assertEquals(400, again.statusCode(), "a code exchanges once: " + again.body());
      assertEquals(400, wrongVerifier.statusCode(), wrongVerifier.body());
    }
  }
}
