package dev.replaylink.service.query;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.storage.SessionQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination cursors: base64url of {@code <startedAt>:<sessionId>}. */
final class Cursors {
  private Cursors() {}

  static String encode(SessionQuery.Cursor c) {
    return c == null ? null : Base64.getUrlEncoder().withoutPadding()
        .encodeToString((c.startedAt() + ":" + c.sessionId()).getBytes(StandardCharsets.UTF_8));
  }

  static SessionQuery.Cursor decode(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return new SessionQuery.Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw ApiException.badRequest("invalid_cursor", "'cursor' is not a cursor returned by this API.");
    }
  }
}
