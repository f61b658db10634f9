package dev.replaylink.bench.service;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection, one request at a time, on the calling thread: what a load
 * generator on the service's own 2 cores needs and nothing more. {@code java.net.http.HttpClient}
 * hands every request to its selector thread and back, which on 2 shared cores added about 0.5 ms
 * to the median and 2 ms to the p99 of every request (measured side by side; {@link QueryLoad}
 * still prints that client's figure for the trace lookup), and about a quarter of the service's own
 * CPU per ingested MB to the load generator's. Responses must carry {@code Content-Length} or be
 * chunked; bodies are read whole and returned. After an answer with {@code Connection: close},
 * {@link #isOpen} is false.
 */
final class KeepAliveClient implements AutoCloseable {
  /** A status and the body as text. */
  record Response(int status, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String fixedHeaders;
  private boolean open = true;

  /** A connection whose requests carry the API token. */
  KeepAliveClient(String baseUrl, String bearerToken) throws IOException {
    this(URI.create(baseUrl), "Authorization: Bearer " + bearerToken + "\r\n");
  }

  /** A connection whose requests all carry {@code headers}: complete lines, each ending in CRLF. */
  private KeepAliveClient(URI base, String headers) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    fixedHeaders = "Host: " + base.getHost() + ":" + base.getPort() + "\r\n" + headers;
  }

  /** A connection for ingest requests with the project's key. */
  static KeepAliveClient forIngest(String baseUrl, String ingestKey) throws IOException {
    return new KeepAliveClient(URI.create(baseUrl), "X-Replaylink-Key: " + ingestKey + "\r\n");
  }

  Response get(String pathAndQuery) throws IOException {
    return send("GET " + pathAndQuery + " HTTP/1.1\r\n" + fixedHeaders + "\r\n", null);
  }

  /** POSTs a gzip JSON body, as the snippet sends a batch. */
  Response postGzipJson(String path, byte[] gzip) throws IOException {
    return send(
        "POST "
            + path
            + " HTTP/1.1\r\n"
            + fixedHeaders
            + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
            + gzip.length
            + "\r\n\r\n",
        gzip);
  }

  /** False once the service said it closes the connection (or it failed): open a new one. */
  boolean isOpen() {
    return open;
  }

  private Response send(String head, byte[] body) throws IOException {
    if (!open) {
      throw new IOException("connection closed");
    }
    try {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read();
    } catch (IOException | RuntimeException e) {
      open = false;
      throw e;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase().contains("chunked");
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        open = false;
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        all.write(exactly(size));
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers are not used by the service; read past them
      }
      body = all.toByteArray();
    } else if (length >= 0) {
      body = exactly((int) length);
    } else {
      throw new IOException("response without Content-Length or chunked encoding: " + statusLine);
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private int chunkSize() throws IOException {
    String size = line();
    int semicolon = size.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
  }

  private byte[] exactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    open = false;
    socket.close();
  }
}
