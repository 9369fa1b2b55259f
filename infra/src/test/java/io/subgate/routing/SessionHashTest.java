package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.support.Digests;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionHashTest {
  private final JsonMapper json = JsonMapper.createDefault();

  private JsonNode body(String text) throws IOException {
    return json.readValue(text, JsonNode.class);
  }

  private Optional<String> hash(String body, Map<String, String> headers) throws IOException {
    return SessionHash.of(body(body), headers, json);
  }

  @Test
  void legacyUserId_yieldsItsSessionUuid() throws Exception {
    String userId =
        "user_" + "ab".repeat(32) + "_account__session_6F9619FF-8B86-D011-B42D-00C04FC964FF";
    assertEquals(
        Optional.of("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        hash("{\"metadata\":{\"user_id\":\"" + userId + "\"},\"messages\":[]}", Map.of()));
  }

  @Test
  void jsonUserId_yieldsItsSessionId_hashedToAFixedSize() throws Exception {
    String userId = "{\\\"device_id\\\":\\\"d\\\",\\\"session_id\\\":\\\"sess-42\\\"}";
    Optional<String> h = hash("{\"metadata\":{\"user_id\":\"" + userId + "\"}}", Map.of());
    assertEquals(Optional.of("j:" + Digests.sha256Hex("sess-42").substring(0, 32)), h);
    String huge = "x".repeat(100_000);
    String hugeId = "{\\\"device_id\\\":\\\"d\\\",\\\"session_id\\\":\\\"" + huge + "\\\"}";
    Optional<String> bounded = hash("{\"metadata\":{\"user_id\":\"" + hugeId + "\"}}", Map.of());
    assertEquals(34, bounded.orElseThrow().length(), "a 100 000-character session id: 34 chars");
  }

  @Test
  void sessionHeader_comesNext_andIsHashed() throws Exception {
    Optional<String> h =
        hash(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            Map.of("x-session-id", "abc"));
    assertTrue(h.orElseThrow().startsWith("h:"));
    assertEquals(h, hash("{}", Map.of("x-session-id", "abc")));
  }

  @Test
  void codexSessionHeaders_inTodaysSpelling_andItsCacheKey_keepASessionSticky() throws Exception {
    String turn1 = "{\"input\":[{\"role\":\"developer\",\"content\":\"rules\"}]}";
    String turn2 = "{\"input\":[{\"role\":\"developer\",\"content\":\"rules, compacted\"}]}";
    Optional<String> bySession = hash(turn1, Map.of("session-id", "019a-s1"));
    assertTrue(bySession.orElseThrow().startsWith("h:"));
    assertEquals(bySession, hash(turn2, Map.of("session-id", "019a-s1")));
    assertEquals(bySession, hash(turn2, Map.of("session_id", "019a-s1")));
    assertEquals(
        hash(turn1, Map.of("thread-id", "019a-t")), hash(turn2, Map.of("thread_id", "019a-t")));

    String keyed = "{\"prompt_cache_key\":\"019a-s1\",\"input\":[]}";
    String keyedLater = "{\"prompt_cache_key\":\"019a-s1\",\"input\":[{\"role\":\"user\"}]}";
    assertTrue(hash(keyed, Map.of()).orElseThrow().startsWith("p:"));
    assertEquals(hash(keyed, Map.of()), hash(keyedLater, Map.of()));
    assertNotEquals(hash(keyed, Map.of()), hash(keyed.replace("s1", "s2"), Map.of()));
  }

  @Test
  void contentHash_isStableAcrossTurns_andDiffersBetweenConversations() throws Exception {
    String turn1 =
        "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"plan a trip\"}]}";
    String turn2 =
        "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"plan a trip\"},"
            + "{\"role\":\"assistant\",\"content\":\"where?\"},{\"role\":\"user\",\"content\":\"Oslo\"}]}";
    String other =
        "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"fix my code\"}]}";
    assertTrue(hash(turn1, Map.of()).orElseThrow().startsWith("c:"));
    assertEquals(hash(turn1, Map.of()), hash(turn2, Map.of()));
    assertNotEquals(hash(turn1, Map.of()), hash(other, Map.of()));
  }

  @Test
  void nothingToHash_isEmpty() throws Exception {
    assertTrue(hash("{\"model\":\"m\"}", Map.of()).isEmpty());
    assertTrue(SessionHash.of(null, Map.of(), json).isEmpty());
  }
}
