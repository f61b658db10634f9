package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Auth-proxy mode: the proxy's headers sign a person in, with roles and projects from their groups,
 * only when the request comes from a trusted proxy's address; from any other address (here a second
 * loopback address) the same headers do nothing.
 */
@MicronautTest
@Property(name = "replaylink.auth.proxy.enabled", value = "true")
@Property(name = "replaylink.ui.trusted-proxies", value = "127.0.0.1")
@Property(name = "replaylink.auth.group-mappings.replay-admins.role", value = "admin")
@Property(name = "replaylink.auth.group-mappings.shop-support.role", value = "viewer")
@Property(name = "replaylink.auth.group-mappings.shop-support.projects", value = "shop")
class ProxySignInTest extends EmbeddedServiceTest {

  @Test
  void headersFromTheTrustedProxySignInAndMapGroups() throws IOException {
    String admin =
        get(
            "127.0.0.1",
            "/api/v1/me",
            "X-Forwarded-User: dana\r\nX-Forwarded-Email: dana@example.com\r\nX-Forwarded-Groups: staff, replay-admins\r\n");
    assertTrue(admin.startsWith("HTTP/1.1 200"), admin);
    assertTrue(
        admin.contains("\"user\":\"dana\"")
            && admin.contains("\"role\":\"admin\"")
            && admin.contains("\"signIn\":\"proxy\""),
        admin);

    String viewer =
        get(
            "127.0.0.1",
            "/api/v1/me",
            "X-Forwarded-User: erin\r\nX-Forwarded-Groups: shop-support\r\n");
    assertTrue(
        viewer.contains("\"role\":\"viewer\"") && viewer.contains("\"projects\":[\"shop\"]"),
        viewer);

    String page =
        get(
            "127.0.0.1",
            "/sessions",
            "X-Forwarded-User: erin\r\nX-Forwarded-Groups: shop-support\r\n");
    assertTrue(page.startsWith("HTTP/1.1 200"), page);

    String unmapped =
        get(
            "127.0.0.1",
            "/sessions",
            "X-Forwarded-User: frank\r\nX-Forwarded-Groups: marketing\r\n");
    assertTrue(
        unmapped.startsWith("HTTP/1.1 403")
            && unmapped.contains("frank")
            && unmapped.contains("marketing"),
        unmapped);
  }

  @Test
  void theSameHeadersFromAnotherAddressDoNothing() throws IOException {
    String api =
        get(
            "127.0.0.2",
            "/api/v1/me",
            "X-Forwarded-User: dana\r\nX-Forwarded-Groups: replay-admins\r\n");
    assertTrue(api.startsWith("HTTP/1.1 401"), api);
    String page =
        get(
            "127.0.0.2",
            "/sessions",
            "X-Forwarded-User: dana\r\nX-Forwarded-Groups: replay-admins\r\n");
    assertTrue(
        page.startsWith("HTTP/1.1 302") && page.contains("Location: /login?next=%2Fsessions"),
        page);
  }

  /** A raw HTTP/1.1 GET sent from {@code localAddress}, so the service sees that peer address. */
  private String get(String localAddress, String path, String headers) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.getPort()
                  + "\r\nAccept: application/json, text/html\r\n"
                  + headers
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
