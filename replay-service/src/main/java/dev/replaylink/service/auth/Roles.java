package dev.replaylink.service.auth;

/**
 * The role names routes are secured with ({@code @Secured(Roles.VIEWER)}). An admin holds both, so
 * a route for viewers is open to admins. A person signed in whose groups map to no role holds none:
 * every route but the sign-in pages refuses them with 403.
 */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String ADMIN = "admin";

  private Roles() {}
}
