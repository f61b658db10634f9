package dev.replaylink.service.api;

import com.google.protobuf.CodedOutputStream;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A refusal as OTLP/HTTP answers it to a protobuf client: the body is a {@code google.rpc.Status}
 * message (field 1 {@code code}, the gRPC status code; field 2 {@code message}), written with
 * protobuf's own encoder; the message type is too small to be worth a dependency of its own.
 */
public final class RpcStatus {
  public static final String PROTOBUF = "application/x-protobuf";

  private RpcStatus() {}

  /** The protobuf answer for a refusal, with {@code Retry-After} where the status calls for it. */
  public static MutableHttpResponse<byte[]> response(HttpStatus status, String message) {
    MutableHttpResponse<byte[]> response =
        HttpResponse.<byte[]>status(status)
            .contentType(PROTOBUF)
            .body(encode(grpcCode(status), message));
    RetryAfter.add(response);
    return response;
  }

  /**
   * Whether a request's Content-Type asks for protobuf answers (anything but JSON, as the OTLP
   * receiver reads it).
   */
  public static boolean wantsProtobuf(String contentType) {
    return contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
  }

  static byte[] encode(int code, String message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The gRPC code OTLP pairs with an HTTP status; 429 and 503 are UNAVAILABLE, which exporters
   * retry.
   */
  static int grpcCode(HttpStatus status) {
    return switch (status.getCode()) {
      case 400, 413, 415 -> 3; // INVALID_ARGUMENT
      case 401 -> 16; // UNAUTHENTICATED
      case 403 -> 7; // PERMISSION_DENIED
      case 404 -> 5; // NOT_FOUND
      case 429, 503 -> 14; // UNAVAILABLE
      default -> 13; // INTERNAL
    };
  }
}
