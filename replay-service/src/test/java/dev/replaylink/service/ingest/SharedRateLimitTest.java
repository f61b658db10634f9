package dev.replaylink.service.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replaylink.service.PostgresSchema;
import dev.replaylink.service.storage.StorageBackend;
import dev.replaylink.service.storage.StorageComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two rate limiters (two service instances) on one PostgreSQL schema share each limit: together they
 * let exactly the limit through per one-second window. Time is a test clock.
 */
class SharedRateLimitTest {
  private static PostgresSchema schema;
  /** Two service instances on the one schema. */
  private static final StorageBackend[] INSTANCES = new StorageBackend[2];
  private static int next;

  @BeforeAll
  static void createSchema() {
    schema = PostgresSchema.create("rl_rate");
    INSTANCES[0] = StorageBackend.on(schema);
    INSTANCES[1] = StorageBackend.on(schema);
  }

  @AfterAll
  static void dropSchema() {
    for (StorageBackend instance : INSTANCES) {
      if (instance != null) {
        instance.close();
      }
    }
    if (schema != null) {
      schema.close();
    }
  }

  /** The storage of the next instance, in turn. */
  static StorageComponent instance() {
    return INSTANCES[next++ % 2].storage();
  }


  static RateLimiter instance(int perKey, int perSession, AtomicLong clock) {
    return new RateLimiter(perKey, perSession, instance().rateWindows(), clock::get);
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
    assertEquals(0, (a.tryAcquireForKey("other") ? 0 : 1) + (b.tryAcquireForKey("other") ? 0 : 1), "keys are counted apart");

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
        futures.add(pool.submit(() -> {
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
      granted += (a.tryAcquireForSession("shop", "session-1") ? 1 : 0) + (b.tryAcquireForSession("shop", "session-1") ? 1 : 0);
    }
    assertEquals(3, granted);
    assertEquals(true, a.tryAcquireForSession("shop", "session-2"), "another session has its own limit");
  }
}
