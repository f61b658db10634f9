package dev.replaylink.sentry;

import static dev.replaylink.sentry.TestObjects.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SessionBaggageTest {
  @Test
  void findsSessionAmongOtherBaggageEntries() {
    assertEquals(
        SESSION_ID,
        SessionBaggage.fromBaggage(
            "userId=alice, session.id=" + SESSION_ID + ";prop=1,sentry-trace_id=abc"));
    assertEquals(SESSION_ID, SessionBaggage.fromBaggage("session.id=" + SESSION_ID));
    assertEquals(SESSION_ID, SessionBaggage.fromBaggage(" session.id = " + SESSION_ID + " "));
  }

  @Test
  void percentEncodedValueIsDecoded() {
    assertEquals("abc.def-12345", SessionBaggage.fromBaggage("session.id=abc%2Edef-12345"));
  }

  @Test
  void malformedOrMissingSessionIsNone() {
    assertNull(SessionBaggage.fromBaggage(null));
    assertNull(SessionBaggage.fromBaggage(""));
    assertNull(SessionBaggage.fromBaggage("other=1"));
    assertNull(SessionBaggage.fromBaggage("xsession.id=" + SESSION_ID));
    assertNull(SessionBaggage.fromBaggage("session.id=short"));
    assertNull(SessionBaggage.fromBaggage("session.id=has space inside"));
    assertNull(SessionBaggage.fromBaggage("session.id=%zz-not-encoding"));
    assertNull(SessionBaggage.fromBaggage("session.id=<script>alert(1)</script>"));
    assertNull(SessionBaggage.valid("a".repeat(129)));
  }
}
