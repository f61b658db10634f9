package dev.replaylink.service.query;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.model.SessionQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque pagination cursors: base64url of {@code <startedAt>:<sessionId>} for the default order
 * (newest first), and of {@code <sort>[.asc]:<value>:<sessionId>} for the others, so a cursor only
 * continues the order and direction it came from.
 */
final class Cursors {
  private Cursors() {}

  private static String prefix(SessionQuery.Sort sort, boolean ascending) {
    if (ascending) {
      return sort.apiName() + ".asc:";
    }
    return sort == SessionQuery.Sort.STARTED_AT ? "" : sort.apiName() + ":";
  }

  static String encode(SessionQuery.Cursor c, SessionQuery.Sort sort, boolean ascending) {
    if (c == null) {
      return null;
    }
    String prefix = prefix(sort, ascending);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (prefix + c.startedAt() + ":" + c.sessionId()).getBytes(StandardCharsets.UTF_8));
  }

  static SessionQuery.Cursor decode(String s, SessionQuery.Sort sort, boolean ascending) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
      String prefix = prefix(sort, ascending);
      if (!text.startsWith(prefix) || (prefix.isEmpty() && !Character.isDigit(text.charAt(0)))) {
        throw new IllegalArgumentException("cursor of another order");
      }
      text = text.substring(prefix.length());
      int colon = text.indexOf(':');
      String sessionId = text.substring(colon + 1);
      if (!Identifiers.ID.matcher(sessionId).matches()) {
        throw new IllegalArgumentException("not a session ID");
      }
      return new SessionQuery.Cursor(Long.parseLong(text.substring(0, colon)), sessionId);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw ApiException.badRequest(
          "invalid_cursor", "'cursor' is not a cursor returned by this API for this sort order.");
    }
  }
}
