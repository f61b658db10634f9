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
 * Formats 1 to 3 compress {@code [count][len, utf-8 bytes]...}, which keeps each event's JSON text
 * intact without reparsing.
 *
 * <ul>
 *   <li>1: gzip, level 6 (written until 0.1.0).
 *   <li>2: zlib (deflate, level 6) with the preset dictionary {@link #RRWEB_DICTIONARY_V1}. A chunk
 *       holds a few seconds of events, too little for deflate to learn the rrweb vocabulary from;
 *       the dictionary supplies it (rrweb event skeletons and common HTML, nothing from any
 *       recording), which makes chunks about a quarter smaller at about the same CPU. zlib's header
 *       carries the dictionary's checksum, so a chunk is never inflated with the wrong one.
 *   <li>3: a block ({@link #encodeBlock}): format 2's stream holding {@code [own count]} and then
 *       the events of several consecutive chunks of a window, written by compaction for a short
 *       window so that deflate refers back across its checkouts. The chunk holding it yields its
 *       first {@code own} events; the chunks after it are format 4.
 *   <li>4: a member of a block ({@link #encodeMember}): no events of its own, only where they are
 *       in a block ({@code seq, part} of the chunk holding it, first event, count), as varints. A
 *       reader decodes the block and skips to the first event.
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
  static final byte FORMAT_BLOCK = 3;
  static final byte FORMAT_BLOCK_MEMBER = 4;
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

  /**
   * A decoded block: the events of several consecutive chunks; the chunk holding it yields the
   * first {@code own} of them.
   */
  public record Block(int own, List<String> events) {}

  /**
   * Where a block member's events are: {@code count} events from {@code start} of the block held by
   * the same window's chunk {@code (seq, part)}.
   */
  public record BlockMember(long seq, int part, int start, int count) {}

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
    return deflate(FORMAT_DEFLATE_RRWEB_DICT, level, -1, events);
  }

  /**
   * Encodes several consecutive chunks' events as one block (format 3) at compaction's level; the
   * chunk that holds it yields the first {@code own} events, the others are {@link #encodeMember
   * members}.
   */
  public static byte[] encodeBlock(List<String> events, int own) {
    if (own < 0 || own > events.size()) {
      throw new IllegalArgumentException("own " + own + " of " + events.size() + " events");
    }
    return deflate(FORMAT_BLOCK, MERGED_LEVEL, own, events);
  }

  /** Encodes a chunk whose events are in a block (format 4). */
  public static byte[] encodeMember(BlockMember member) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    out.write(FORMAT_BLOCK_MEMBER);
    writeVarint(out, member.seq());
    writeVarint(out, member.part());
    writeVarint(out, member.start());
    writeVarint(out, member.count());
    return out.toByteArray();
  }

  /** The format byte of an encoded chunk. */
  public static int format(byte[] data) {
    return data.length == 0 ? -1 : data[0];
  }

  /** Whether a chunk's events are in another chunk's block (format 4). */
  public static boolean isMember(byte[] data) {
    return format(data) == FORMAT_BLOCK_MEMBER;
  }

  /** Whether a format is a block or a block member: such chunks are never merged again. */
  public static boolean inBlock(int format) {
    return format == FORMAT_BLOCK || format == FORMAT_BLOCK_MEMBER;
  }

  /** Reads a block member (format 4). */
  public static BlockMember member(byte[] data) {
    if (!isMember(data)) {
      throw new IllegalArgumentException("Not a block member: format " + format(data));
    }
    ByteArrayInputStream in = new ByteArrayInputStream(data, 1, data.length - 1);
    try {
      return new BlockMember(
          readVarint(in), (int) readVarint(in), (int) readVarint(in), (int) readVarint(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt block member", e);
    }
  }

  /**
   * Decodes a block (format 3) whole; a chunk of format 1 or 2 reads as a block of its own events.
   */
  public static Block block(byte[] data) {
    if (format(data) != FORMAT_BLOCK) {
      List<String> events = decode(data);
      return new Block(events.size(), events);
    }
    try (DataInputStream framed =
        new DataInputStream(new ByteArrayInputStream(inflateWithDictionary(data)))) {
      int own = framed.readInt();
      List<String> events = readFramed(framed);
      if (own < 0 || own > events.size()) {
        throw new IOException("own count " + own + " of " + events.size());
      }
      return new Block(own, events);
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt chunk", e);
    }
  }

  private static byte[] deflate(byte format, int level, int own, List<String> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + events.size() * 48);
    bytes.write(format);
    Deflater deflater = new Deflater(level);
    try {
      deflater.setDictionary(RRWEB_DICTIONARY_V1);
      try (DataOutputStream out =
          new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
        if (own >= 0) {
          out.writeInt(own);
        }
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

  /**
   * Decodes a chunk of format 1, 2 or 3 (a block: its own events only). A block member (format 4)
   * holds no events: read it through its block ({@link #member}, {@link #block}).
   */
  public static List<String> decode(byte[] data) {
    if (format(data) == FORMAT_BLOCK) {
      Block b = block(data);
      return b.events().subList(0, b.own());
    }
    if (isMember(data)) {
      throw new IllegalArgumentException("A block member is read through its block");
    }
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

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative " + v);
    }
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarint(InputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("Truncated varint");
      }
      v |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return v;
      }
    }
    throw new IOException("Varint too long");
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
