package dev.replaylink.service.ui;

import dev.replaylink.service.auth.Authentications;
import dev.replaylink.service.auth.Roles;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/me}: who is signed in, for the pages' header (and the Audit link for admins).
 */
@Controller("/api/v1")
@Secured(Roles.VIEWER)
final class WhoAmIController {

  @Get(uri = "/me", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> me(Authentication who) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", who.getName());
    body.put("signIn", who.getAttributes().get(Authentications.KIND));
    body.put("role", who.getRoles().contains(Roles.ADMIN) ? Roles.ADMIN : Roles.VIEWER);
    body.put("groups", Authentications.groups(who));
    Object projects = who.getAttributes().get(Authentications.PROJECTS);
    body.put(
        "projects",
        projects instanceof List<?> l
            ? new TreeSet<>(l.stream().map(String::valueOf).toList())
            : List.of());
    return body;
  }
}
