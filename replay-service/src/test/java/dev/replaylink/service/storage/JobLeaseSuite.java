package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Job leases across instances. */
public abstract class JobLeaseSuite extends StorageSuite {
  @Test
  void jobLeaseIsHeldByOneInstanceAtATime() throws Exception {
    JobLeaseStore lease = storage().jobLeases();
    String job = randomId("job").substring(0, 40);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String owner = "instance-" + i;
        tries.add(
            pool.submit(
                () ->
                    lease.tryAcquire(
                        job, owner, java.time.Duration.ofMinutes(5), System.currentTimeMillis())));
      }
      int holders = 0;
      for (Future<Boolean> f : tries) {
        holders += f.get() ? 1 : 0;
      }
      assertEquals(1, holders, "exactly one instance holds the lease");
    } finally {
      pool.shutdownNow();
    }
    String other = randomId("job").substring(0, 40);
    assertTrue(
        lease.tryAcquire(other, "a", java.time.Duration.ofMinutes(5), System.currentTimeMillis()));
    assertFalse(
        lease.tryAcquire(other, "b", java.time.Duration.ofMinutes(5), System.currentTimeMillis()));
    assertTrue(
        lease.tryAcquire(other, "a", java.time.Duration.ofMinutes(5), System.currentTimeMillis()),
        "the holder renews");
    lease.release(other, "a");
    assertTrue(
        lease.tryAcquire(other, "b", java.time.Duration.ofMillis(1), System.currentTimeMillis()));
    Thread.sleep(5);
    assertTrue(
        lease.tryAcquire(other, "c", java.time.Duration.ofMinutes(5), System.currentTimeMillis()),
        "an expired lease is free");
  }
}
