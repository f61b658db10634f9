package dev.replaylink.service.otlp;

/** Lower-case hex of OTLP's binary trace and span IDs. */
final class Hex {
  private Hex() {}

  static String of(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
