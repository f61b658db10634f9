package dev.replaylink.service.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The page one tab (window) of a session is on, as of the batch {@code seq}: which page (a digest
 * of its URL, so a blocked page's URL is never stored) and whether the project blocks it.
 */
public record PageState(long seq, String pageKey, boolean blocked) {

  /** The digest that stands for a page URL: equal URLs, equal keys. */
  public static String keyOf(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
