package io.subgate.token;

/**
 * Seam at the points of the refresh flow where a crash matters, so tests can kill or fail the flow
 * exactly there. Production uses {@link #NONE}.
 */
public interface RefreshObserver {

  /** The provider answered with new credentials and they are parked as a pending rotation. */
  default void rotationParked(long accountId) {}

  RefreshObserver NONE = new RefreshObserver() {};
}
