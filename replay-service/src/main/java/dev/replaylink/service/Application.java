package dev.replaylink.service;

import dev.replaylink.service.config.ProjectsFromEnvironment;
import io.micronaut.runtime.Micronaut;

/** Entry point of replay-service. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    // projects and API tokens in environment variables are read by the service itself (see
    // ProjectsFromEnvironment)
    Micronaut.build(args)
        .mainClass(Application.class)
        .environmentVariableExcludes(ProjectsFromEnvironment.handledVariables(System.getenv()))
        .start();
  }
}
