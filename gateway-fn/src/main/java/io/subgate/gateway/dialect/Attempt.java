package io.subgate.gateway.dialect;

/**
 * How one attempt on one account ended — exactly one of two outcomes, the model being
 * concurrency-limits' {@code Limiter.Listener}: the client has its answer ({@link Answered}: a
 * success, a streamed answer, or an error the request itself caused, passed through), or the
 * upstream could not serve and nothing but pings reached the client ({@link UpstreamFailure}), so
 * another try may still answer transparently.
 */
public sealed interface Attempt permits Attempt.Answered, UpstreamFailure {

  /** The shared answered outcome. */
  Answered ANSWERED = new Answered();

  /** The client has its answer; nothing more is to be done on any account. */
  record Answered() implements Attempt {}
}
