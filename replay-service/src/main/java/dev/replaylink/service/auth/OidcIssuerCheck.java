package dev.replaylink.service.auth;

import dev.replaylink.service.config.OidcConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OIDC set-up checked at start-up: missing keys stop the start-up with a message naming them; an
 * issuer that cannot be reached is logged (naming the key, the URL and the cause) without stopping
 * the service, which keeps serving token and proxy sign-in and retries the issuer at each OIDC
 * sign-in. The reachability check runs on its own thread, so start-up never waits on the network.
 */
@Context
@Requires(property = OidcConfiguration.PREFIX + ".enabled", value = "true")
final class OidcIssuerCheck {
  private static final Logger LOG = LoggerFactory.getLogger(OidcIssuerCheck.class);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final OidcConfiguration config;

  OidcIssuerCheck(OidcConfiguration config) {
    this.config = config;
    require(config.getIssuer(), "issuer");
    require(config.getClientId(), "client-id");
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          OidcConfiguration.PREFIX
              + "."
              + key
              + " must be set when "
              + OidcConfiguration.PREFIX
              + ".enabled is true");
    }
  }

  @EventListener
  void onStartup(StartupEvent event) {
    Thread t =
        new Thread(
            () ->
                problem()
                    .ifPresentOrElse(
                        LOG::warn,
                        () ->
                            LOG.info(
                                "OIDC issuer {} answers; single sign-on is offered on the sign-in page",
                                config.getIssuer())),
            "oidc-issuer-check");
    t.setDaemon(true);
    t.start();
  }

  /** Why the issuer's discovery document cannot be read, or empty when it can. */
  Optional<String> problem() {
    String url = config.getIssuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
    String prefix = OidcConfiguration.PREFIX + ".issuer " + config.getIssuer() + " is not usable: ";
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !r.body().contains("\"authorization_endpoint\"")) {
        return Optional.of(
            prefix
                + url
                + " answered "
                + r.statusCode()
                + " without an OpenID configuration; OIDC sign-in will fail");
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(
          prefix + "cannot read " + url + " (" + e + "); OIDC sign-in will fail until it answers");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(prefix + "interrupted");
    }
  }
}
