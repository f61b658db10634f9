package dev.replaylink.service.api;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the {@code @MicronautTest} classes that talk to the embedded service over HTTP: {@link
 * #http} points at {@link #server} before each test. Subclasses add their own {@code @Property}
 * configuration and {@code @BeforeEach} steps, which run after this one.
 */
public abstract class EmbeddedServiceTest {
  @Inject protected EmbeddedServer server;
  protected Http http;

  @BeforeEach
  void connectHttp() {
    http = new Http(server.getURL().toString());
  }

  /**
   * The service's own origin, as its pages send it (CSRF checks of cookie-authenticated requests).
   */
  protected String ownOrigin() {
    return server.getURL().toString().replaceAll("/$", "");
  }
}
