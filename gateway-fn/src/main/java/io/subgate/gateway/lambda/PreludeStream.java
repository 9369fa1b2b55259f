package io.subgate.gateway.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * A streamed Lambda HTTP response (API Gateway REST {@code STREAM} integrations and function URLs
 * in {@code RESPONSE_STREAM} mode): a JSON prelude with the status and headers, eight NUL bytes,
 * then the body as it is written. The prelude goes out on the first write, or at {@link #commit}
 * for an answer without a body; every write is flushed at once, so an event reaches the client the
 * moment it is relayed.
 */
final class PreludeStream extends OutputStream {
  static final byte[] SEPARATOR = new byte[8];

  private final OutputStream sink;
  private final Supplier<byte[]> prelude;
  private boolean committed;

  /**
   * @param prelude the prelude's JSON, read when the first byte is written (status and headers are
   *     final by then)
   */
  PreludeStream(OutputStream sink, Supplier<byte[]> prelude) {
    this.sink = sink;
    this.prelude = prelude;
  }

  /** Whether the status and headers have gone out: from here on only body bytes can follow. */
  synchronized boolean committed() {
    return committed;
  }

  /** Sends the prelude if it has not gone yet. */
  synchronized void commit() throws IOException {
    if (!committed) {
      committed = true;
      sink.write(prelude.get());
      sink.write(SEPARATOR);
      sink.flush();
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    commit();
    if (len > 0) {
      sink.write(b, off, len);
      sink.flush();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    sink.flush();
  }

  /** Closing is the invocation's business, not Micronaut's: the sink stays open. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
