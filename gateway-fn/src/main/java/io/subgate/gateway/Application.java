package io.subgate.gateway;

import io.micronaut.runtime.Micronaut;

/** Netty entry point: local runs and container deployments. Lambda uses the API proxy handler. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
