package io.subgate.testing;

import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.token.PlatformTokenClient;
import io.subgate.token.RefreshFailure;
import io.subgate.token.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Programmable {@link PlatformTokenClient}: counts calls and answers through a behaviour. */
public final class FakeTokenClient implements PlatformTokenClient {

  /** What a call does. */
  @FunctionalInterface
  public interface Behaviour {
    OAuthCredentials answer(OAuthCredentials current, int call) throws RefreshFailure;
  }

  private final Platform platform;
  private final RefreshPolicy policy;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Behaviour behaviour;

  public FakeTokenClient(Platform platform, RefreshPolicy policy, Instant newExpiry) {
    this.platform = platform;
    this.policy = policy;
    this.behaviour =
        (current, call) ->
            new OAuthCredentials(
                "at-new-" + call, "rt-new-" + call, newExpiry, null, current.projectId(), null);
  }

  public void behave(Behaviour next) {
    behaviour = next;
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public RefreshPolicy policy() {
    return policy;
  }

  @Override
  public OAuthCredentials refresh(
      OAuthCredentials current, Duration timeout, @Nullable Long proxyId) throws RefreshFailure {
    return behaviour.answer(current, calls.incrementAndGet());
  }
}
