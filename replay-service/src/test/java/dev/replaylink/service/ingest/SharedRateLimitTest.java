package dev.replaylink.service.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replaylink.service.storage.SharedSchemaInstances;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two rate limiters (two service instances) on one PostgreSQL schema share each limit: together
 * they let exactly the limit through per one-second window. Time is a test clock.
 */
class SharedRateLimitTest {
  @RegisterExtension
  static final SharedSchemaInstances INSTANCES = new SharedSchemaInstances("rl_rate");

  static RateLimiter instance(int perKey, int perSession, AtomicLong clock) {
    return new RateLimiter(perKey, perSession, INSTANCES.next().rateWindows(), clock::get);
  }

  @Test
  void twoInstancesTogetherAllowTheKeyLimitPerSecond() {
    AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    RateLimiter a = instance(50, 0, clock);
    RateLimiter b = instance(50, 0, clock);
    int granted = 0;
    for (int i = 0; i < 90; i++) {
      granted += (a.tryAcquireForKey("shop") ? 1 : 0) + (b.tryAcquireForKey("shop") ? 1 : 0);
    }
    assertEquals(50, granted, "one window, two instances");
    assertEquals(
        0,
        (a.tryAcquireForKey("other") ? 0 : 1) + (b.tryAcquireForKey("other") ? 0 : 1),
        "keys are counted apart");

    clock.addAndGet(1000);
    int next = 0;
    for (int i = 0; i < 5; i++) {
      next += (a.tryAcquireForKey("shop") ? 1 : 0) + (b.tryAcquireForKey("shop") ? 1 : 0);
    }
    assertEquals(10, next, "the next second has its own window");
  }

  @Test
  void concurrentRequestsOnBothInstancesNeverExceedTheLimit() throws Exception {
    AtomicLong clock = new AtomicLong(1_800_000_100_000L);
    List<RateLimiter> instances = List.of(instance(40, 0, clock), instance(40, 0, clock));
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        RateLimiter limiter = instances.get(t % 2);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    if (limiter.tryAcquireForKey("busy")) {
                      granted.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(40, granted.get());
  }

  @Test
  void sessionLimitIsSharedToo() {
    AtomicLong clock = new AtomicLong(1_800_000_200_000L);
    RateLimiter a = instance(0, 3, clock);
    RateLimiter b = instance(0, 3, clock);
    int granted = 0;
    for (int i = 0; i < 5; i++) {
      granted +=
          (a.tryAcquireForSession("shop", "session-1") ? 1 : 0)
              + (b.tryAcquireForSession("shop", "session-1") ? 1 : 0);
    }
    assertEquals(3, granted);
    assertEquals(
        true, a.tryAcquireForSession("shop", "session-2"), "another session has its own limit");
  }
}
