package io.subgate.config;

/** How strictly the process treats missing configuration. */
public enum Mode {
  /**
   * Embedded defaults: H2 file database, in-process cache and locks, generated key files. For one
   * developer machine.
   */
  LOCAL,
  /** Every external dependency must be configured; startup fails listing what is missing. */
  PRODUCTION
}
