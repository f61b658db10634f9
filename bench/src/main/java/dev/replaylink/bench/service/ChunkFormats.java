package dev.replaylink.bench.service;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Candidate encodings of a run of events, for comparing sizes and CPU offline. {@code framed} is
 * the service's chunk layout ({@code [count][len, utf-8]...}); format 1 is gzip -6 over it.
 */
final class ChunkFormats {
  private ChunkFormats() {}

  static byte[] framed(List<byte[]> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(events.size());
      for (byte[] e : events) {
        out.writeInt(e.length);
        out.write(e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static int deflate(byte[] data, int level) {
    Deflater deflater = new Deflater(level, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater, 8192)) {
      d.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return out.size() + 18 + 1; // gzip header and trailer, format byte
  }

  static int zstd(byte[] data, int level) {
    return Zstd.compress(data, level).length + 1;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
