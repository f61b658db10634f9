package dev.replaylink.service.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.storage.RateWindowStore;
import dev.replaylink.service.storage.StorageBackend;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lone instance keeps to its own buckets: no database statement per request. Where the database
 * is shared the windows are asked. The local caches stay bounded under a flood of session IDs
 * without forgetting the limits of names in use.
 */
class LocalRateLimitTest {
  private static StorageBackend backend;

  @BeforeAll
  static void open() {
    backend = StorageBackend.h2();
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  /** The real H2 windows, counting the claims made on them. */
  private static final class CountingWindows implements RateWindowStore {
    final AtomicInteger claims = new AtomicInteger();

    @Override
    public int claim(String name, long window, int wanted, int limit) {
      claims.incrementAndGet();
      return backend.storage().rateWindows().claim(name, window, wanted, limit);
    }

    @Override
    public int sweep(long window) {
      return backend.storage().rateWindows().sweep(window);
    }
  }

  @Test
  void aLoneInstanceLimitsWithoutAskingTheDatabase() {
    CountingWindows windows = new CountingWindows();
    AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    RateLimiter limiter = new RateLimiter(5, 0, windows, clock::get, false, 1000);
    int granted = 0;
    for (int i = 0; i < 40; i++) {
      granted += limiter.tryAcquireForKey("shop") ? 1 : 0;
    }
    assertEquals(10, granted, "a burst of twice the rate, then refusals");
    clock.addAndGet(1000);
    granted = 0;
    for (int i = 0; i < 40; i++) {
      granted += limiter.tryAcquireForKey("shop") ? 1 : 0;
    }
    assertEquals(5, granted, "a second refills the rate");
    limiter.sweep();
    assertEquals(0, windows.claims.get(), "no statement for the limits");
  }

  @Test
  void sharedLimitsClaimFromTheDatabase() {
    CountingWindows windows = new CountingWindows();
    RateLimiter limiter = new RateLimiter(5, 0, windows, System::currentTimeMillis, true, 1000);
    assertTrue(limiter.tryAcquireForKey("shop-" + System.nanoTime()));
    assertEquals(1, windows.claims.get());
  }

  @Test
  void aFloodOfSessionsStaysBoundedAndKeepsTheKeysLimit() {
    AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    RateLimiter limiter = new RateLimiter(5, 20, new CountingWindows(), clock::get, false, 1000);
    while (limiter.tryAcquireForKey("shop")) {
      // use up the key's burst
    }
    for (int i = 0; i < 20_000; i++) {
      limiter.tryAcquireForSession("shop", "session-" + i);
    }
    assertTrue(limiter.localNames() <= 2 * 1000, "bounded: " + limiter.localNames());
    assertFalse(limiter.tryAcquireForKey("shop"), "the flood did not reset the key's bucket");
  }

  @Test
  void sharedLimitsFollowTheDatabaseUnlessConfigured() {
    IngestConfiguration config = new IngestConfiguration();
    assertTrue(config.sharedRateLimits("jdbc:postgresql://db:5432/replaylink"));
    assertFalse(config.sharedRateLimits("jdbc:h2:file:./data/replaylink"));
    config.setSharedRateLimits("true");
    assertTrue(
        config.sharedRateLimits("jdbc:h2:tcp://h2.internal/replaylink"),
        "several instances on one H2 server");
    config.setSharedRateLimits("false");
    assertFalse(config.sharedRateLimits("jdbc:postgresql://db:5432/replaylink"));
  }
}
