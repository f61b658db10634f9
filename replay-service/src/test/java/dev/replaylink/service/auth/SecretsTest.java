package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.config.ApiTokenConfiguration;
import dev.replaylink.service.config.ProjectConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Tokens and ingest keys are compared as equal-length digests, against every configured secret, so
 * that neither the length of a guess nor the position of a match shows in the time an answer takes.
 */
class SecretsTest {
  static final String TOKEN = "viewer-token-0123456789";
  static final String KEY = "shop-ingest-key-0123";

  /**
   * What a guess could be: shorter, longer, a prefix, an extension, one character off, empty, very
   * long.
   */
  static List<String> nearMisses(String secret) {
    return List.of(
        "x",
        secret.substring(0, 8),
        secret.substring(0, secret.length() - 1),
        secret + "4",
        secret + secret,
        secret.substring(0, secret.length() - 1) + "X",
        secret.toUpperCase(),
        " " + secret,
        "y".repeat(10_000),
        "");
  }

  @Test
  void everyPresentedSecretIsComparedAsAFullLengthDigest() {
    for (String presented : List.of("a", TOKEN, "é".repeat(3), "z".repeat(100_000))) {
      assertEquals(
          32,
          Secrets.digest(presented).length,
          "a SHA-256 digest whatever the length of " + presented.length() + " characters");
    }
    assertArrayEquals(Secrets.digest(TOKEN), Secrets.digest(new String(TOKEN.toCharArray())));
  }

  @Test
  void everyCandidateIsComparedWhereverTheMatchIs() {
    List<String> stored = List.of("first-secret-0001", "second-secret-0002", "third-secret-00003");
    for (String presented :
        List.of("first-secret-0001", "third-secret-00003", "no-such-secret-0000", "f")) {
      List<String> compared = new ArrayList<>();
      Function<String, byte[]> digestOf =
          s -> {
            compared.add(s);
            return Secrets.digest(s);
          };
      var found = Secrets.findMatch(presented, stored, digestOf);
      assertEquals(
          stored,
          compared,
          "all candidates compared for " + presented + ", none skipped after a match");
      assertEquals(stored.contains(presented) ? presented : null, found.orElse(null));
    }
  }

  @Test
  void tokensMatchOnlyExactly() {
    TokenRegistry tokens =
        new TokenRegistry(
            List.of(token("viewer", TOKEN), token("other", "other-token-0123456789")),
            projects(),
            defaults());
    assertEquals("viewer", tokens.authenticate(TOKEN).orElseThrow().name());
    for (String guess : nearMisses(TOKEN)) {
      assertTrue(
          tokens.authenticate(guess).isEmpty(),
          "'" + abbreviate(guess) + "' must not authenticate");
    }
    assertTrue(tokens.authenticate(null).isEmpty());
  }

  @Test
  void ingestKeysMatchOnlyExactly() {
    ProjectRegistry projects = projects();
    assertEquals("shop", projects.byIngestKey(KEY).orElseThrow().name());
    for (String guess : nearMisses(KEY)) {
      assertTrue(
          projects.byIngestKey(guess).isEmpty(),
          "'" + abbreviate(guess) + "' must not be an ingest key");
    }
    assertTrue(projects.byIngestKey(null).isEmpty());
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static ApiTokenConfiguration token(String name, String token) {
    ApiTokenConfiguration c = new ApiTokenConfiguration(name);
    c.setToken(token);
    return c;
  }

  private static ProjectRegistry projects() {
    ProjectConfiguration shop = new ProjectConfiguration("shop");
    shop.setIngestKey(KEY);
    ProjectConfiguration other = new ProjectConfiguration("other");
    other.setIngestKey("other-ingest-key-01234");
    return new ProjectRegistry(List.of(shop, other), defaults());
  }

  private static LocalDefaults defaults() {
    // everything is configured, so no local credential may be generated or read
    return new LocalDefaults(
        (name, newSecret, now) -> {
          throw new AssertionError(
              "no local credential is needed when everything is configured: " + name);
        });
  }
}
