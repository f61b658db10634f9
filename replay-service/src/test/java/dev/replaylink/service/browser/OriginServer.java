package dev.replaylink.service.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A web server on one loopback address and a free port, standing for a site whose assets a
 * recording references: it answers every path with a small asset of the kind the extension names (a
 * 1×1 PNG, a stylesheet, a font, an SVG, a video) and remembers each request it received.
 */
final class OriginServer implements AutoCloseable {
  private static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

  /** One request as the server saw it; {@code referer} is null when none was sent. */
  record Hit(String method, String path, String referer) {}

  private final HttpServer server;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private volatile String stylesheet = "";

  OriginServer(String loopbackAddress) {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::answer);
    server.start();
  }

  /** http://address:port, as the browser names the origin. */
  String origin() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  /** The text of every {@code .css} this server answers (besides a rule of its own). */
  void stylesheet(String css) {
    this.stylesheet = css;
  }

  List<Hit> hits() {
    return List.copyOf(hits);
  }

  List<String> paths() {
    return hits.stream().map(Hit::path).toList();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    hits.add(
        new Hit(
            exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Referer")));
    byte[] body;
    String type;
    if (path.endsWith(".css")) {
      type = "text/css";
      body =
          (stylesheet + "\n#served-" + path.replaceAll("[^a-z0-9]", "-") + " { color: red; }")
              .getBytes(StandardCharsets.UTF_8);
    } else if (path.endsWith(".svg")) {
      type = "image/svg+xml";
      body =
          "<svg xmlns='http://www.w3.org/2000/svg'><symbol id='x'><rect width='5' height='5'/></symbol></svg>"
              .getBytes(StandardCharsets.UTF_8);
    } else if (path.endsWith(".woff")) {
      type = "font/woff";
      body = new byte[64];
    } else if (path.endsWith(".mp4")) {
      type = "video/mp4";
      body = new byte[256];
    } else {
      type = "image/png";
      body = PNG;
    }
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
