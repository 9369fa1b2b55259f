package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API client against the emulator, and the emulator refusing what Lambda refuses: an
 * answer not in the streaming mode, an unknown invocation. A failure after the first byte travels
 * in the trailers, as Lambda reads it.
 */
class RuntimeApiTest {

  @Test
  void aStreamedAnswer_preludeSeparatorChunksAndTrailers() throws Exception {
    try (RuntimeApiEmulator emulator = new RuntimeApiEmulator()) {
      RuntimeApi api = new RuntimeApi(emulator.address());
      RuntimeApiEmulator.Invocation invocation =
          emulator.invoke("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
      RuntimeApi.Invocation next = api.next();
      assertEquals("{\"n\":1}", new String(next.event(), StandardCharsets.UTF_8));
      try (RuntimeApi.Stream out = api.respond(next.requestId())) {
        PreludeStream body =
            new PreludeStream(
                out,
                () ->
                    "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/event-stream\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        body.write("event: one\n\n".getBytes(StandardCharsets.UTF_8));
        RuntimeApiEmulator.Prelude prelude = invocation.prelude.get(5, TimeUnit.SECONDS);
        assertEquals(200, prelude.status());
        assertEquals("text/event-stream", prelude.headers().get("content-type"));
        RuntimeApiEmulator.Arrival first = invocation.nextChunk(5000);
        assertNotNull(first, "the first chunk arrived before the answer ended");
        assertEquals("event: one\n\n", new String(first.bytes(), StandardCharsets.UTF_8));
        body.write("event: two\n\n".getBytes(StandardCharsets.UTF_8));
        out.fail("Subgate.StreamBroken", "the upstream went away");
      }
      Map<String, String> trailers = invocation.done.get(5, TimeUnit.SECONDS);
      assertEquals("Subgate.StreamBroken", trailers.get("Lambda-Runtime-Function-Error-Type"));
      String error =
          new String(
              Base64.getDecoder().decode(trailers.get("Lambda-Runtime-Function-Error-Body")),
              StandardCharsets.UTF_8);
      assertTrue(error.contains("the upstream went away"), error);
      assertEquals("event: one\n\nevent: two\n\n", invocation.body());
    }
  }

  @Test
  void theEmulator_refusesABufferedAnswer_andAnUnknownInvocation() throws Exception {
    try (RuntimeApiEmulator emulator = new RuntimeApiEmulator()) {
      RuntimeApiEmulator.Invocation invocation =
          emulator.invoke("{}".getBytes(StandardCharsets.UTF_8));
      RuntimeApi.Invocation next = new RuntimeApi(emulator.address()).next();
      assertEquals(400, post(emulator, "/invocation/" + next.requestId() + "/response", false));
      // The refusal is written before the invocation is failed: wait for it, bounded.
      assertThrows(
          java.util.concurrent.ExecutionException.class,
          () -> invocation.done.get(5, java.util.concurrent.TimeUnit.SECONDS),
          "a buffered answer is no streamed one");
      assertEquals(404, post(emulator, "/invocation/nobody/response", true));
      assertEquals(2, emulator.refusals.size(), emulator.refusals.toString());
    }
  }

  private static int post(RuntimeApiEmulator emulator, String path, boolean streaming)
      throws Exception {
    String[] hp = emulator.address().split(":");
    try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      OutputStream out = s.getOutputStream();
      String head =
          "POST "
              + RuntimeApi.VERSION
              + path
              + " HTTP/1.1\r\nHost: x\r\n"
              + (streaming
                  ? "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                  : "Content-Length: 2\r\n")
              + "\r\n"
              + (streaming ? "0\r\n\r\n" : "{}");
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return RuntimeApi.read(s.getInputStream()).status();
    }
  }
}
