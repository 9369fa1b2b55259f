package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every dialect reads a 403 or 404 by what it refuses: the model (that account skips that model),
 * the request or an unknown path (the client's answer), or the credential (the account parks). The
 * bodies are the providers' own shapes.
 */
class RefusalScopeTest {
  static final String OPENAI_MODEL_403 =
      "{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have access to"
          + " it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}";
  static final String ANTHROPIC_MODEL_404 =
      "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model:"
          + " claude-opus-9\"}}";
  static final String GOOGLE_MODEL_404 =
      "{\"error\":{\"code\":404,\"message\":\"models/gemini-9 is not found for API version v1beta,"
          + " or is not supported for generateContent.\",\"status\":\"NOT_FOUND\"}}";
  static final String GOOGLE_MODEL_403 =
      "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission to use model"
          + " gemini-3-ultra.\",\"status\":\"PERMISSION_DENIED\"}}";
  static final String ANTHROPIC_REVOKED =
      "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"OAuth token has"
          + " been revoked.\"}}";
  static final String OPENAI_POLICY_403 =
      "{\"error\":{\"message\":\"refused\",\"type\":\"invalid_request_error\","
          + "\"code\":\"content_policy_violation\"}}";
  static final String OPENAI_PATH_404 =
      "{\"error\":{\"message\":\"Invalid URL (POST /v1/nothing)\",\"type\":\"invalid_request_error\"}}";
  static final String GOOGLE_PROJECT_403 =
      "{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\",\"message\":\"Permission denied on"
          + " resource project p.\"}}";

  private record Refusal(int status, String body) {}

  @Test
  void aRefusedModel_coolsThatModelOnly_inEveryDialect() {
    for (UpstreamDialect d : Dialects.all()) {
      for (Refusal r :
          List.of(
              new Refusal(403, OPENAI_MODEL_403),
              new Refusal(404, ANTHROPIC_MODEL_404),
              new Refusal(404, GOOGLE_MODEL_404),
              new Refusal(403, GOOGLE_MODEL_403))) {
        UpstreamFailure f = judged(d, r.status(), r.body()).orElseThrow();
        assertEquals(UpstreamFailure.Kind.MODEL_REFUSED, f.kind(), d.name() + " " + r.body());
        assertNull(f.accountError(), d.name() + ": never the account's error state");
        assertEquals(r.status(), f.status());
      }
    }
  }

  @Test
  void theRequestOrAnUnknownPath_isTheClientsAnswer_inEveryDialect() {
    for (UpstreamDialect d : Dialects.all()) {
      assertTrue(judged(d, 403, OPENAI_POLICY_403).isEmpty(), d.name());
      assertTrue(judged(d, 404, OPENAI_PATH_404).isEmpty(), d.name());
      assertTrue(judged(d, 404, "").isEmpty(), d.name() + ": an empty 404 is no failure");
    }
  }

  @Test
  void aRefusedCredential_stillParksTheAccount() {
    for (UpstreamDialect d : Dialects.all()) {
      assertEquals(
          UpstreamFailure.Kind.FORBIDDEN,
          judged(d, 403, ANTHROPIC_REVOKED).orElseThrow().kind(),
          d.name());
    }
    UpstreamFailure lost =
        judged(
                Dialects.registry().of(Dialects.google(7, io.subgate.account.Platform.GEMINI, "p")),
                403,
                GOOGLE_PROJECT_403)
            .orElseThrow();
    assertEquals(UpstreamFailure.Kind.FORBIDDEN, lost.kind());
    assertTrue(String.valueOf(lost.accountError()).contains("project p"));
  }

  private static Optional<UpstreamFailure> judged(UpstreamDialect d, int status, String body) {
    return d.judge(ResetHintsTest.answer(status, Map.of()), body.getBytes(StandardCharsets.UTF_8));
  }
}
