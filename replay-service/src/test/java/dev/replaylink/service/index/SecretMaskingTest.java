package dev.replaylink.service.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretMaskingTest {
  @Test
  void jsonBodiesHaveSecretKeyedValuesMaskedAtAnyDepth() {
    assertEquals(
        "{\"user\":\"ann\",\"Password\":\"[masked]\",\"items\":[{\"cvv\":\"[masked]\",\"n\":1}],\"card\":null}",
        SecretMasking.maskKeysOnly(
            "{\"user\":\"ann\",\"Password\":\"x\",\"items\":[{\"cvv\":123,\"n\":1}],\"card\":null}"));
  }

  @Test
  void bodiesCutInTheMiddleAreMaskedPairByPair() {
    String cut =
        "{\"note\":\"a \\\"quoted\\\" password: here\",\"apiToken\" : \"t0k\\\"en\",\"pin\":42,\"secret\":12.5e3,\"rest\":\"unfinish";
    String masked = SecretMasking.maskKeysOnly(cut);
    assertEquals(
        "{\"note\":\"a \\\"quoted\\\" password: here\",\"apiToken\" : \"[masked]\",\"pin\":42,\"secret\":\"[masked]\",\"rest\":\"unfinish",
        masked);
  }

  @Test
  void longAndHostileTextNeverOverflowsTheStack() {
    String hostile =
        "{\"password\":\"" + "\\n".repeat(200_000) + "\",\"x\":\"" + "y".repeat(300_000);
    String masked = SecretMasking.maskKeysOnly(hostile);
    assertTrue(masked.startsWith("{\"password\":\"[masked]\""));
    assertFalse(masked.contains("\\n\\n"));
  }

  @Test
  void textThatIsNotJsonIsLeftAsItIs() {
    assertEquals("password=hunter2", SecretMasking.maskKeysOnly("password=hunter2"));
    assertTrue(SecretMasking.isSecretKey("X-Auth-Token"));
    assertFalse(SecretMasking.isSecretKey("x-request-id"));
  }
}
