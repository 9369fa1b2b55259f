package io.subgate.gateway.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.function.BinaryTypeConfiguration;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyServletResponse;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPResponseServletResponse;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Micronaut's API Gateway responses with their body streamed through a {@link PreludeStream}
 * instead of collected in memory: the same routing, controllers and encoders as the buffered
 * function, only the last step differs. One class per event shape, as Micronaut's request classes
 * take their own response type.
 */
final class StreamingResponses {
  private StreamingResponses() {}

  /** The prelude's JSON for {@code status} and {@code headers}: cookies apart, as Lambda wants. */
  static byte[] prelude(JsonMapper json, int status, MutableHttpHeaders headers) {
    Map<String, Object> prelude = new LinkedHashMap<>();
    Map<String, String> single = new LinkedHashMap<>();
    Map<String, List<String>> multi = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    for (String name : headers.names()) {
      List<String> values = headers.getAll(name);
      if (name.toLowerCase(Locale.ROOT).equals("set-cookie")) {
        cookies.addAll(values);
      } else if (name.equalsIgnoreCase("content-length")
          || name.equalsIgnoreCase("transfer-encoding")) {
        continue; // the body's length is the stream's business
      } else if (values.size() == 1) {
        single.put(name, values.get(0));
      } else {
        multi.put(name, values);
      }
    }
    prelude.put("statusCode", status);
    prelude.put("headers", single);
    if (!multi.isEmpty()) {
      prelude.put("multiValueHeaders", multi);
    }
    if (!cookies.isEmpty()) {
      prelude.put("cookies", cookies);
    }
    try {
      return json.writeValueAsBytes(prelude);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A payload-2.0 (HTTP API, function URL) response written to {@code sink}. */
  static final class V2 extends APIGatewayV2HTTPResponseServletResponse<Object> {
    private final PreludeStream out;

    V2(
        ConversionService conversion,
        BinaryTypeConfiguration binary,
        JsonMapper json,
        OutputStream sink) {
      super(conversion, binary);
      this.out = new PreludeStream(sink, () -> prelude(json, code(), getHeaders()));
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    PreludeStream stream() {
      return out;
    }

    @Override
    public APIGatewayV2HTTPResponse getNativeResponse() {
      throw new UnsupportedOperationException("a streamed response has no buffered form");
    }
  }

  /** A REST API (payload 1.0 proxy) response written to {@code sink}. */
  static final class V1 extends ApiGatewayProxyServletResponse<Object> {
    private final PreludeStream out;

    V1(
        ConversionService conversion,
        BinaryTypeConfiguration binary,
        JsonMapper json,
        OutputStream sink) {
      super(conversion, binary);
      this.out = new PreludeStream(sink, () -> prelude(json, code(), getHeaders()));
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    PreludeStream stream() {
      return out;
    }

    @Override
    public APIGatewayProxyResponseEvent getNativeResponse() {
      throw new UnsupportedOperationException("a streamed response has no buffered form");
    }
  }
}
