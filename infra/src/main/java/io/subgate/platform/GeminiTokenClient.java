package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;

/** Gemini (Code Assist OAuth). */
@Singleton
public final class GeminiTokenClient extends GoogleTokenClient {

  public GeminiTokenClient(
      PlatformEndpoints endpoints, HttpClient http, JsonMapper json, Clock clock) {
    super(endpoints, http, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.GEMINI;
  }
}
