package dev.replaylink.bench.service;

import dev.replaylink.testsupport.S3Server;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bucket of the benchmarks' in-process S3 server, as the service under test is given it. */
final class BenchBucket {
  private static final long STABLE_NANOS = 8_000_000_000L;
  private static final long MAX_WAIT_NANOS = 180_000_000_000L;

  private BenchBucket() {}

  /** The service's properties for recordings in {@code bucket}, as strings. */
  static Map<String, String> serviceProperties(S3Server s3, String bucket) {
    Map<String, String> p = new LinkedHashMap<>();
    s3.serviceProperties(bucket).forEach((k, v) -> p.put(k, String.valueOf(v)));
    return p;
  }

  /**
   * As {@link #serviceProperties}, with the sweep job, which deletes the objects compaction
   * replaced, running every 2 s so that {@link #awaitSwept} does not wait long.
   */
  static Map<String, String> sweptServiceProperties(S3Server s3, String bucket) {
    Map<String, String> p = serviceProperties(s3, bucket);
    p.put("replaylink.storage.recordings.s3.sweep-interval", "2s");
    return p;
  }

  /**
   * Waits until the bucket's object count has stayed the same for several sweep intervals, at most
   * three minutes; returns that count.
   */
  static long awaitSwept(S3Server s3, String bucket) throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = s3.objectCount(bucket);
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > STABLE_NANOS) {
        break;
      }
      Thread.sleep(500);
    }
    return last;
  }
}
