package dev.replaylink.sentry;

import static dev.replaylink.sentry.TestObjects.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SessionIdsTest {
  @Test
  void findsSessionAmongOtherBaggageEntries() {
    assertEquals(SESSION_ID, SessionIds.fromBaggage("userId=alice, session.id=" + SESSION_ID + ";prop=1,sentry-trace_id=abc"));
    assertEquals(SESSION_ID, SessionIds.fromBaggage("session.id=" + SESSION_ID));
    assertEquals(SESSION_ID, SessionIds.fromBaggage(" session.id = " + SESSION_ID + " "));
  }

  @Test
  void percentEncodedValueIsDecoded() {
    assertEquals("abc.def-12345", SessionIds.fromBaggage("session.id=abc%2Edef-12345"));
  }

  @Test
  void malformedOrMissingSessionIsNone() {
    assertNull(SessionIds.fromBaggage(null));
    assertNull(SessionIds.fromBaggage(""));
    assertNull(SessionIds.fromBaggage("other=1"));
    assertNull(SessionIds.fromBaggage("xsession.id=" + SESSION_ID));
    assertNull(SessionIds.fromBaggage("session.id=short"));
    assertNull(SessionIds.fromBaggage("session.id=has space inside"));
    assertNull(SessionIds.fromBaggage("session.id=%zz-not-encoding"));
    assertNull(SessionIds.fromBaggage("session.id=<script>alert(1)</script>"));
    assertNull(SessionIds.valid("a".repeat(129)));
  }
}
