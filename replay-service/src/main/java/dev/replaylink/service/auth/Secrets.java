package dev.replaylink.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secret handling: digests compared in constant time, and random tokens. Secrets are never logged.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  public static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of a presented secret with a stored digest. */
  public static boolean matches(String presented, byte[] expectedDigest) {
    return presented != null && MessageDigest.isEqual(digest(presented), expectedDigest);
  }

  /**
   * The candidate whose stored digest is that of the presented secret. The presented secret is
   * hashed first, so every comparison is between two SHA-256 digests of the same length whatever
   * the length of what was presented; each comparison is {@link MessageDigest#isEqual} (time
   * independent of where the bytes differ), and every candidate is compared, even after a match, so
   * that timing reveals neither which candidate matched nor how much of a secret was right.
   */
  public static <T> Optional<T> findMatch(
      String presented, Collection<T> candidates, Function<T, byte[]> digestOf) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = digest(presented);
    T found = null;
    for (T candidate : candidates) {
      if (MessageDigest.isEqual(digest, digestOf.apply(candidate))) {
        found = candidate;
      }
    }
    return Optional.ofNullable(found);
  }

  public static String random(String prefix, int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
