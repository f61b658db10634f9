package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.config.AddressRange;
import dev.replaylink.service.storage.SharedSchemaInstances;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed sign-ins counted in the shared database: two instances on one PostgreSQL schema see each
 * other's failures, per client and in all; and X-Forwarded-For names the client only when the peer
 * is a trusted proxy.
 */
class SharedLoginThrottleTest {
  @RegisterExtension
  static final SharedSchemaInstances INSTANCES = new SharedSchemaInstances("rl_login");

  @Test
  void failuresOnEitherInstanceCountPerClientAndInAll() {
    AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    LoginThrottle a = new LoginThrottle(INSTANCES.next().loginFailures(), clock::get);
    LoginThrottle b = new LoginThrottle(INSTANCES.next().loginFailures(), clock::get);
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_CLIENT; i++) {
      (i % 2 == 0 ? a : b).failed("192.0.2.1");
    }
    assertFalse(a.allowed("192.0.2.1"));
    assertFalse(b.allowed("192.0.2.1"));
    assertTrue(b.allowed("192.0.2.2"), "other clients are not affected");

    // the global cap: many clients, each below its own limit, on both instances
    for (int i = 0;
        i < LoginThrottle.MAX_FAILURES_TOTAL - LoginThrottle.MAX_FAILURES_PER_CLIENT;
        i++) {
      (i % 2 == 0 ? a : b).failed("198.51.100." + (i % 100) + "-" + (i / 100));
    }
    assertFalse(a.allowed("203.0.113.9"), "global cap reached");
    assertFalse(b.allowed("203.0.113.9"), "global cap reached on the other instance too");

    clock.addAndGet(LoginThrottle.WINDOW_MS + 1);
    assertTrue(a.allowed("192.0.2.1"), "failures expire after the window");
    assertTrue(b.allowed("203.0.113.9"));
  }

  @Test
  void forwardedForCountsOnlyBehindATrustedProxy() {
    ClientAddress none = new ClientAddress(List.of());
    assertEquals(
        "10.0.0.5",
        none.resolve("10.0.0.5", List.of("203.0.113.7")),
        "header ignored without trusted proxies");

    ClientAddress behindProxy =
        new ClientAddress(
            List.of(AddressRange.parse("k", "10.0.0.0/8"), AddressRange.parse("k", "::1")));
    assertEquals("203.0.113.7", behindProxy.resolve("10.0.0.5", List.of("203.0.113.7")));
    assertEquals(
        "203.0.113.7",
        behindProxy.resolve("10.0.0.5", List.of("1.2.3.4, 203.0.113.7")),
        "what the client wrote to the left proves nothing");
    assertEquals(
        "203.0.113.7",
        behindProxy.resolve("10.0.0.5", List.of("6.6.6.6", "203.0.113.7, 10.1.1.1")),
        "proxy chain");
    assertEquals(
        "192.0.2.50",
        behindProxy.resolve("192.0.2.50", List.of("203.0.113.7")),
        "untrusted peer: header ignored");
    assertEquals(
        "10.0.0.5", behindProxy.resolve("10.0.0.5", List.of()), "no header: the proxy itself");
    assertEquals("203.0.113.7", behindProxy.resolve("0:0:0:0:0:0:0:1", List.of("203.0.113.7")));
  }
}
