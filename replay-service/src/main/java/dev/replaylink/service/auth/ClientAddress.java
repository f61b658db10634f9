package dev.replaylink.service.auth;

import dev.replaylink.service.config.AddressRange;
import dev.replaylink.service.config.UiConfiguration;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request came from, for throttling. Behind a reverse proxy every request arrives
 * from the proxy's address; when that proxy is one of {@code replaylink.ui.trusted-proxies}, the
 * client is taken from {@code X-Forwarded-For}: the right-most entry that is not itself a trusted
 * proxy (entries to its left were written by the client and prove nothing). From any other peer the
 * header is ignored.
 */
@Singleton
public final class ClientAddress {
  static final String FORWARDED_FOR = "X-Forwarded-For";
  static final int MAX_LENGTH = 64;

  private final List<AddressRange> trusted;

  public ClientAddress(UiConfiguration config) {
    this(config.trustedProxyRanges());
  }

  ClientAddress(List<AddressRange> trusted) {
    this.trusted = trusted;
  }

  public String of(HttpRequest<?> request) {
    String peer = request.getRemoteAddress().getAddress().getHostAddress();
    return resolve(peer, request.getHeaders().getAll(FORWARDED_FOR));
  }

  /**
   * Whether the request arrived straight from one of the trusted proxies (the socket peer, not a
   * header).
   */
  public boolean fromTrustedProxy(HttpRequest<?> request) {
    return isTrusted(request.getRemoteAddress().getAddress().getHostAddress());
  }

  /** The client given the socket peer and the X-Forwarded-For header values, in order. */
  String resolve(String peer, List<String> forwardedFor) {
    if (!isTrusted(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String hop : value.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      client = hops.get(i);
      if (!isTrusted(client)) {
        break;
      }
    }
    return client.length() > MAX_LENGTH ? client.substring(0, MAX_LENGTH) : client;
  }

  private boolean isTrusted(String address) {
    for (AddressRange r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
