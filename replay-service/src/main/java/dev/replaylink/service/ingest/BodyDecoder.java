package dev.replaylink.service.ingest;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns a request body into JSON bytes within the size limits. A gzip body is inflated only up to
 * the decompressed limit, so a small "zip bomb" costs at most that much memory.
 */
public final class BodyDecoder {
  private BodyDecoder() {}

  public static byte[] decode(
      byte[] body, String contentEncoding, int maxCompressed, int maxDecompressed) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("empty_body", "The request body is empty.");
    }
    if (body.length > maxCompressed) {
      throw ApiException.tooLarge(
          RefusalReasons.BODY_TOO_LARGE,
          "The request body is " + body.length + " bytes; the limit is " + maxCompressed + ".");
    }
    String encoding =
        contentEncoding == null
            ? "identity"
            : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
    switch (encoding) {
      case "", "identity" -> {
        if (body.length > maxDecompressed) {
          throw ApiException.tooLarge(
              RefusalReasons.BODY_TOO_LARGE,
              "The request body is larger than " + maxDecompressed + " bytes.");
        }
        return body;
      }
      case "gzip", "x-gzip" -> {
        return gunzip(body, maxDecompressed);
      }
      default ->
          throw new ApiException(
              io.micronaut.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              "unsupported_encoding",
              "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none.");
    }
  }

  static byte[] gunzip(byte[] body, int maxDecompressed) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(Math.min(maxDecompressed, body.length * 8));
      byte[] buf = new byte[16384];
      int total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > maxDecompressed) {
          throw ApiException.tooLarge(
              RefusalReasons.DECOMPRESSED_TOO_LARGE,
              "The decompressed request body exceeds " + maxDecompressed + " bytes.");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      throw ApiException.badRequest(
          "invalid_gzip", "The body is marked gzip but is not valid gzip data.");
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_gzip", "The gzip body could not be read.");
    }
  }
}
