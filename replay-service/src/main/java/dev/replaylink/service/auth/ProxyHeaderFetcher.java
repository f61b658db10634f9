package dev.replaylink.service.auth;

import dev.replaylink.service.config.AuthProxyConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Auth-proxy mode: the person named by the proxy's user header, with the groups of its groups
 * header (comma-separated), roles and projects from the group mappings. The headers are believed
 * only when the request comes straight from one of {@code replaylink.ui.trusted-proxies}; from any
 * other address they are ignored and the request is unauthenticated, as anyone can send them.
 */
@Singleton
@Requires(property = AuthProxyConfiguration.PREFIX + ".enabled", value = "true")
final class ProxyHeaderFetcher implements AuthenticationFetcher<HttpRequest<?>> {
  static final String KIND = "proxy";
  static final int MAX_HEADER_LENGTH = 4096;

  private final AuthProxyConfiguration config;
  private final ClientAddress clientAddress;
  private final SignInResolver resolver;

  ProxyHeaderFetcher(
      AuthProxyConfiguration config, ClientAddress clientAddress, SignInResolver resolver) {
    this.config = config;
    this.clientAddress = clientAddress;
    this.resolver = resolver;
  }

  @Override
  public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
    String user = header(request, config.getUserHeader());
    if (user == null || !clientAddress.fromTrustedProxy(request)) {
      return Publishers.empty();
    }
    String groups = header(request, config.getGroupsHeader());
    List<String> memberOf =
        groups == null
            ? List.of()
            : Arrays.stream(groups.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList();
    return Publishers.just(
        resolver.ofGroups(user, KIND, memberOf, header(request, config.getEmailHeader())));
  }

  private static String header(HttpRequest<?> request, String name) {
    String value = request.getHeaders().get(name);
    if (value == null || value.isBlank() || value.length() > MAX_HEADER_LENGTH) {
      return null;
    }
    return value.trim();
  }
}
