package dev.replaylink.service.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR range, e.g. {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}.
 * Immutable.
 */
public final class AddressRange {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address} or {@code address/prefix}; fails naming {@code key} when it is neither.
   */
  public static AddressRange parse(String key, String value) {
    int slash = value.indexOf('/');
    byte[] address = literal(slash < 0 ? value : value.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          key + ": '" + value + "' is not an IP address or CIDR range");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(key + ": '" + value + "' has an invalid prefix length");
      }
    }
    return new AddressRange(address, prefix, value);
  }

  /**
   * The bytes of an IPv4 or IPv6 literal, or null when {@code s} is not one (never a DNS lookup).
   */
  static byte[] literal(String s) {
    if (s == null
        || s.isEmpty()
        || s.length() > 45
        || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress();
      if (b.length == 16 && isMappedIpv4(b)) {
        return new byte[] {b[12], b[13], b[14], b[15]};
      }
      return b;
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static boolean isMappedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** Whether the address literal {@code s} lies in this range. */
  public boolean contains(String s) {
    byte[] a = literal(s);
    if (a == null || a.length != network.length) {
      return false;
    }
    int bits = a.length * 8;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  @Override
  public String toString() {
    return text;
  }
}
