package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of the hot stream events, read back by a real JSON parser. */
class JsonTextTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  @Test
  void quote_escapesWhatJsonRequires_andAParserReadsTheSameText() throws Exception {
    String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 é 😀 \u2028";
    String literal = JsonText.quote(new StringBuilder(), nasty).toString();
    assertEquals(
        nasty, JSON.readValue("{\"t\":" + literal + "}", JsonNode.class).get("t").getStringValue());
    assertEquals("\"\\u0007\"", JsonText.quote(new StringBuilder(), "\u0007").toString());
  }

  @Test
  void objectMember_findsTheTopLevelObject_respectingStringsAndNesting() {
    String wrapped =
        "{\"traceId\":\"a}\\\"{\",\"meta\":{\"response\":1},\"list\":[{\"x\":\"]\"}],"
            + " \"response\" : {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"}{\"}]}}]},"
            + "\"tail\":true}";
    assertEquals(
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"}{\"}]}}]}",
        JsonText.objectMember(wrapped, "response"));
    assertNull(JsonText.objectMember("{\"error\":{\"code\":429}}", "response"), "absent");
    assertNull(JsonText.objectMember("{\"response\":\"text\"}", "response"), "not an object");
    assertNull(JsonText.objectMember("[{\"response\":{}}]", "response"), "not an object at top");
    assertNull(JsonText.objectMember("{\"response\":{\"cut\":", "response"), "unterminated");
    assertNull(JsonText.objectMember("{\"responses\":{}}", "response"), "another name");
  }

  @Test
  void sse_framesNamedAndUnnamedEvents() {
    assertEquals(
        "event: ping\ndata: {}\n\n",
        new String(JsonText.sse("ping", "{}"), StandardCharsets.UTF_8));
    assertEquals("data: {}\n\n", new String(JsonText.sse(null, "{}"), StandardCharsets.UTF_8));
  }
}
