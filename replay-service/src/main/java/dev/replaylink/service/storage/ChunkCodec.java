package dev.replaylink.service.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a chunk's events (raw JSON texts) as a compressed blob and back. The first byte names the
 * format, so later formats can be read side by side with old chunks. Format 1: gzip over
 * {@code [count][len, utf-8 bytes]...}, which keeps each event's JSON text intact without reparsing.
 * Thread-safe and stateless.
 */
public final class ChunkCodec {
  static final byte FORMAT_GZIP_FRAMED = 1;

  private ChunkCodec() {}

  public static byte[] encode(List<String> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + events.size() * 64);
    bytes.write(FORMAT_GZIP_FRAMED);
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED + 5);
      }
    })) {
      out.writeInt(events.size());
      for (String event : events) {
        byte[] utf8 = event.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static List<String> decode(byte[] data) {
    if (data.length == 0 || data[0] != FORMAT_GZIP_FRAMED) {
      throw new IllegalArgumentException("Unknown chunk format " + (data.length == 0 ? "(empty)" : data[0]));
    }
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data, 1, data.length - 1), 8192))) {
      int count = in.readInt();
      List<String> events = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        events.add(new String(utf8, StandardCharsets.UTF_8));
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt chunk", e);
    }
  }
}
