package dev.replaylink.service.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's HTML pages, read once from the classpath ({@code ui/*.html}). Pages hold no recorded
 * data.
 */
final class UiPages {
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private UiPages() {}

  static String page(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          try (InputStream in =
              UiPages.class.getClassLoader().getResourceAsStream("ui/" + n + ".html")) {
            if (in == null) {
              throw new IllegalStateException("Missing UI page " + n);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
