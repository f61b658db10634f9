package dev.replaylink.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdsTest {
  private static final Pattern REGEX = Pattern.compile(SessionIds.PATTERN);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01890a5d-ac96-774b-bcce-b302099a8057",
        "abcdefgh",
        "a.b_c-d9",
        "",
        "short",
        "has space inside",
        "<script>alert(1)</script>",
        "ünicode-id",
        "tab\tinside-id"
      })
  void loopAgreesWithThePattern(String id) {
    assertEquals(REGEX.matcher(id).matches(), SessionIds.isValid(id), id);
  }

  @Test
  void lengthBoundsAreInclusive() {
    assertEquals(true, SessionIds.isValid("a".repeat(SessionIds.MIN_LENGTH)));
    assertEquals(true, SessionIds.isValid("a".repeat(SessionIds.MAX_LENGTH)));
    assertEquals(false, SessionIds.isValid("a".repeat(SessionIds.MIN_LENGTH - 1)));
    assertEquals(false, SessionIds.isValid("a".repeat(SessionIds.MAX_LENGTH + 1)));
    assertEquals(false, SessionIds.isValid(null));
  }
}
