package dev.replaylink.service.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Encodes a chunk's events (raw JSON texts) as a compressed blob and back. The first byte names the
 * format, so later formats can be read side by side with old chunks; every format stays readable.
 * Both formats compress {@code [count][len, utf-8 bytes]...}, which keeps each event's JSON text
 * intact without reparsing.
 *
 * <ul>
 *   <li>1: gzip, level 6 (written until 0.1.0).
 *   <li>2: zlib (deflate, level 6) with the preset dictionary {@link #RRWEB_DICTIONARY_V1}. A chunk
 *       holds a few seconds of events, too little for deflate to learn the rrweb vocabulary from;
 *       the dictionary supplies it (rrweb event skeletons and common HTML, nothing from any
 *       recording), which makes chunks about a quarter smaller at about the same CPU. zlib's header
 *       carries the dictionary's checksum, so a chunk is never inflated with the wrong one.
 * </ul>
 *
 * Ingest encodes a batch's chunks at level 6. Compaction encodes the merged chunk of a whole
 * checkout at level 9 ({@link #encodeMerged}): on the benchmark's 60-minute session that stores
 * about 7% less than level 6 for three times the encoding CPU (about 30 ms per raw MB), which a
 * background job on quiet sessions can afford. The level is not part of the format. Thread-safe and
 * stateless.
 */
public final class ChunkCodec {
  static final byte FORMAT_GZIP_FRAMED = 1;
  static final byte FORMAT_DEFLATE_RRWEB_DICT = 2;
  private static final int LEVEL = 6;
  private static final int MERGED_LEVEL = 9;

  /**
   * Part of format 2 on disk: never change it. A different dictionary needs a new format byte.
   * Deflate prefers recent matches, so the most frequent fragments come last.
   */
  static final byte[] RRWEB_DICTIONARY_V1 =
      String.join(
              "",
              "<!DOCTYPE html>\"tagName\":\"html\"\"tagName\":\"head\"\"tagName\":\"body\"\"tagName\":\"meta\"\"tagName\":\"title\"",
              "\"tagName\":\"link\"\"tagName\":\"script\"\"tagName\":\"style\"\"tagName\":\"header\"\"tagName\":\"footer\"\"tagName\":\"nav\"",
              "\"tagName\":\"main\"\"tagName\":\"section\"\"tagName\":\"article\"\"tagName\":\"form\"\"tagName\":\"label\"\"tagName\":\"select\"",
              "\"tagName\":\"option\"\"tagName\":\"textarea\"\"tagName\":\"table\"\"tagName\":\"tbody\"\"tagName\":\"tr\"\"tagName\":\"td\"",
              "\"tagName\":\"th\"\"tagName\":\"img\"\"tagName\":\"svg\"\"tagName\":\"path\"\"tagName\":\"h1\"\"tagName\":\"h2\"\"tagName\":\"h3\"",
              "\"tagName\":\"p\"\"tagName\":\"ul\"\"tagName\":\"ol\"\"tagName\":\"li\"\"tagName\":\"a\"\"tagName\":\"button\"\"tagName\":\"input\"",
              "\"tagName\":\"span\"\"tagName\":\"div\"\"attributes\":{\"charset\":\"utf-8\"}",
              "\"attributes\":{\"name\":\"viewport\",\"content\":\"width=device-width, initial-scale=1\"}\"attributes\":{\"rel\":\"stylesheet\",\"href\":\"",
              "\"attributes\":{\"type\":\"text/javascript\",\"src\":\"\"_cssText\":\"\"rr_dataURL\":\"\"isSVG\":true\"isStyle\":true",
              "\"attributes\":{\"type\":\"text\",\"placeholder\":\"\"attributes\":{\"type\":\"button\"}\"attributes\":{\"href\":\"",
              "\"attributes\":{\"id\":\"\"attributes\":{\"class\":\"{\"type\":1,\"name\":\"html\",\"publicId\":\"\",\"systemId\":\"\",\"id\":2}",
              "{\"type\":2,\"data\":{\"node\":{\"type\":0,\"childNodes\":[],\"id\":1},\"initialOffset\":{\"left\":0,\"top\":0}},\"timestamp\":",
              "{\"type\":4,\"data\":{\"href\":\"https://\",\"width\":1280,\"height\":800},\"timestamp\":",
              "{\"type\":5,\"data\":{\"tag\":\"console\",\"payload\":{\"level\":\"log\",\"message\":\"",
              "{\"type\":5,\"data\":{\"tag\":\"error\",\"payload\":{\"type\":\"Error\",\"message\":\"\",\"stack\":\"Error: \\n    at ",
              "{\"type\":5,\"data\":{\"tag\":\"navigation\",\"payload\":{\"url\":\"https://",
              "{\"type\":5,\"data\":{\"tag\":\"network\",\"payload\":{\"method\":\"POST\",\"url\":\"https://\",\"status\":200,\"durationMs\":\"traceId\":\"",
              "{\"type\":5,\"data\":{\"tag\":\"network\",\"payload\":{\"method\":\"GET\",\"url\":\"https://",
              "{\"type\":3,\"data\":{\"source\":5,\"text\":\"\",\"isChecked\":false,\"id\":{\"type\":3,\"data\":{\"source\":3,\"id\":1,\"x\":0,\"y\":",
              "{\"type\":3,\"data\":{\"source\":4,\"width\":1280,\"height\":800},\"timestamp\":",
              "{\"type\":3,\"data\":{\"source\":2,\"type\":0,\"id\":{\"type\":3,\"data\":{\"source\":2,\"type\":1,\"id\":",
              "{\"type\":3,\"data\":{\"source\":2,\"type\":5,\"id\":{\"type\":3,\"data\":{\"source\":2,\"type\":6,\"id\":",
              "{\"type\":3,\"data\":{\"source\":2,\"type\":2,\"id\":\"pointerType\":0},\"timestamp\":",
              "{\"type\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":\"value\":\"",
              "{\"type\":3,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[{\"id\":\"attributes\":{\"style\":",
              "{\"type\":3,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[{\"parentId\":",
              "{\"type\":3,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[],\"adds\":[{\"parentId\":",
              "\"nextId\":null,\"node\":{\"type\":3,\"textContent\":\"",
              "\"nextId\":null,\"node\":{\"type\":2,\"tagName\":\"div\",\"attributes\":{\"class\":\"\"childNodes\":[],\"id\":",
              "{\"type\":3,\"textContent\":\"\\n  \",\"id\":",
              "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":\"y\":\"id\":\"timeOffset\":0}]},\"timestamp\":",
              "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":\"timeOffset\":-\"timestamp\":17")
          .getBytes(StandardCharsets.UTF_8);

  private ChunkCodec() {}

  /** Encodes in the current format (2), at the level used at ingest. */
  public static byte[] encode(List<String> events) {
    return encode(events, LEVEL);
  }

  /**
   * Encodes in the current format (2) at the level compaction uses for merged chunks. The level is
   * not part of the format: {@link #decode(byte[])} reads both alike.
   */
  public static byte[] encodeMerged(List<String> events) {
    return encode(events, MERGED_LEVEL);
  }

  static byte[] encode(List<String> events, int level) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + events.size() * 48);
    bytes.write(FORMAT_DEFLATE_RRWEB_DICT);
    Deflater deflater = new Deflater(level);
    try {
      deflater.setDictionary(RRWEB_DICTIONARY_V1);
      try (DataOutputStream out =
          new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
        writeFramed(out, events);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /**
   * Encodes in format 1 (gzip), as written until 0.1.0; for compatibility tests and comparisons.
   */
  static byte[] encodeFormat1(List<String> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + events.size() * 64);
    bytes.write(FORMAT_GZIP_FRAMED);
    try (DataOutputStream out =
        new DataOutputStream(
            new GZIPOutputStream(bytes, 8192) {
              {
                def.setLevel(LEVEL);
              }
            })) {
      writeFramed(out, events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a chunk of any known format. */
  public static List<String> decode(byte[] data) {
    if (data.length == 0
        || (data[0] != FORMAT_GZIP_FRAMED && data[0] != FORMAT_DEFLATE_RRWEB_DICT)) {
      throw new IllegalArgumentException(
          "Unknown chunk format " + (data.length == 0 ? "(empty)" : data[0]));
    }
    try {
      InputStream in =
          data[0] == FORMAT_GZIP_FRAMED
              ? new GZIPInputStream(new ByteArrayInputStream(data, 1, data.length - 1), 8192)
              : new ByteArrayInputStream(inflateWithDictionary(data));
      try (DataInputStream framed = new DataInputStream(in)) {
        return readFramed(framed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt chunk", e);
    }
  }

  private static byte[] inflateWithDictionary(byte[] data) throws ZipException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data, 1, data.length - 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 6);
      byte[] buf = new byte[16384];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n > 0) {
          out.write(buf, 0, n);
        } else if (inflater.needsDictionary()) {
          inflater.setDictionary(RRWEB_DICTIONARY_V1);
        } else if (inflater.needsInput()) {
          throw new ZipException("Truncated chunk");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new ZipException("Corrupt chunk or unknown dictionary: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static void writeFramed(DataOutputStream out, List<String> events) throws IOException {
    out.writeInt(events.size());
    for (String event : events) {
      byte[] utf8 = event.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
  }

  private static List<String> readFramed(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<String> events = new ArrayList<>(Math.min(count, 65_536));
    for (int i = 0; i < count; i++) {
      byte[] utf8 = new byte[in.readInt()];
      in.readFully(utf8);
      events.add(new String(utf8, StandardCharsets.UTF_8));
    }
    return events;
  }
}
