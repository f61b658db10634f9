package dev.replaylink.service;

import io.micronaut.runtime.Micronaut;

/** Entry point of replay-service. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
