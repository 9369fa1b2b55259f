package io.subgate.platform;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Duration;

/** The JDK HTTP client used for OAuth calls: HTTP/1.1, 5 s connect timeout, no redirects. */
@Factory
public class HttpClientFactory {

  @Singleton
  HttpClient oauthHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
