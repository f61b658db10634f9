package dev.replaylink.service.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * A route that states no access rule, present only when {@link RouteAccessTest} asks for it: proves
 * that such a route is refused (deny by default) and that the route enumeration reports it.
 */
@Controller("/probe-without-rule")
@Requires(property = RouteAccessTest.PROBE)
final class UnruledProbeController {
  @Get
  String get() {
    return "this must never be served";
  }
}
