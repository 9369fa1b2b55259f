package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.Route;
import org.junit.jupiter.api.Test;

class RouteTest {

  @Test
  void errorShapes_followTheRoutesProtocol_andTheirFamilies() {
    assertEquals(ClientProtocol.OPENAI, Route.errorsOf("/v1/chat/completions"));
    assertEquals(ClientProtocol.OPENAI, Route.errorsOf("/v1/chat/unknown"));
    assertEquals(ClientProtocol.OPENAI, Route.errorsOf("/v1/responses"));
    assertEquals(ClientProtocol.OPENAI, Route.errorsOf("/v1/responses/abc/cancel"));
    assertEquals(ClientProtocol.ANTHROPIC, Route.errorsOf("/v1/messages"));
    assertEquals(ClientProtocol.ANTHROPIC, Route.errorsOf("/v1/messages/batches"));
    assertEquals(ClientProtocol.ANTHROPIC, Route.errorsOf("/v1/responsesX"));
    assertEquals(ClientProtocol.ANTHROPIC, Route.errorsOf("/admin/accounts"));
  }
}
