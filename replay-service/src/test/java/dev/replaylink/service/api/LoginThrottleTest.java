package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guessing tokens at the sign-in form is slowed down (its own server: the throttle state is per instance). */
@MicronautTest
class LoginThrottleTest {
  @Inject
  EmbeddedServer server;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(server.getURL().toString());
  }

  @Test
  void repeatedFailedSignInsAreThrottled() {
    String next = URLEncoder.encode("/sessions", StandardCharsets.UTF_8);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = http.send(http.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=guess-" + i + "&next=" + next)));
      assertTrue(r.headers().firstValue("Location").orElseThrow().contains("error=1"));
    }
    HttpResponse<String> blocked = http.send(http.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + ADMIN_TOKEN + "&next=" + next)));
    assertTrue(blocked.headers().firstValue("Location").orElseThrow().contains("error=throttled"), "even the right token waits");
    assertTrue(blocked.headers().firstValue("Set-Cookie").isEmpty());
  }

}
