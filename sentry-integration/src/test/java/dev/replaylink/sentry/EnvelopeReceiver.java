package dev.replaylink.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for Sentry's ingestion endpoint: accepts envelopes on {@code
 * /api/<project>/envelope/} (gzip or not), splits them into items as the envelope format defines (a
 * header line, then per item a header line and a payload of the header's {@code length}, or up to
 * the next newline) and keeps the event items.
 */
final class EnvelopeReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One envelope item exactly as received. */
  record Item(byte[] header, byte[] payload) {
    String type() {
      return json(header).path("type").asText();
    }

    JsonNode payloadJson() {
      return json(payload);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Item> events = new LinkedBlockingQueue<>();

  EnvelopeReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/api/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if ("gzip"
                .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
              body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            for (Item item : parse(body)) {
              if ("event".equals(item.type())) {
                events.add(item);
              }
            }
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The DSN that sends to this receiver, project 1. */
  String dsn() {
    return "http://key@127.0.0.1:" + server.getAddress().getPort() + "/1";
  }

  /** The next event item, waiting at most {@code timeout}. */
  Item awaitEvent(Duration timeout) throws InterruptedException {
    Item item = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (item == null) {
      throw new AssertionError("no event envelope within " + timeout);
    }
    return item;
  }

  static List<Item> parse(byte[] envelope) {
    List<Item> items = new ArrayList<>();
    int pos = lineEnd(envelope, 0) + 1;
    while (pos < envelope.length) {
      int headerEnd = lineEnd(envelope, pos);
      byte[] header = Arrays.copyOfRange(envelope, pos, headerEnd);
      if (header.length == 0) {
        pos = headerEnd + 1;
        continue;
      }
      JsonNode length = json(header).get("length");
      int payloadStart = headerEnd + 1;
      int payloadEnd =
          length != null ? payloadStart + length.asInt() : lineEnd(envelope, payloadStart);
      items.add(new Item(header, Arrays.copyOfRange(envelope, payloadStart, payloadEnd)));
      pos = payloadEnd + 1;
    }
    return items;
  }

  private static int lineEnd(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return bytes.length;
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
