package dev.replaylink.service.jobs;

import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.SessionRef;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.JobLeaseStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts sessions that have been quiet for {@code quiet-after}: their chunks are merged into one
 * per checkout and window ({@link dev.replaylink.service.storage.CompactionStore}), which stores a
 * recording in about half the bytes and reads it back unchanged. Each run visits at most {@code
 * sessions-per-run} sessions, least recently written first, and stops early when it has run for
 * half its lease. With several instances, a {@link JobLeaseStore job lease} lets one of them run it
 * at a time.
 */
@Singleton
@Requires(property = "replaylink.storage.compaction.enabled", notEquals = "false")
final class CompactionJob {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionJob.class);
  static final String JOB = "compaction";
  static final Duration LEASE = Duration.ofMinutes(20);
  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  private final CompactionStore writer;
  private final JobLeaseStore lease;
  private final Duration quietAfter;
  private final int sessionsPerRun;
  private final String owner = UUID.randomUUID().toString();

  CompactionJob(
      CompactionStore writer,
      JobLeaseStore lease,
      @Value("${replaylink.storage.compaction.quiet-after:10m}") Duration quietAfter,
      @Value("${replaylink.storage.compaction.sessions-per-run:200}") int sessionsPerRun) {
    if (quietAfter.isNegative()) {
      throw new IllegalArgumentException(
          "replaylink.storage.compaction.quiet-after must not be negative, got " + quietAfter);
    }
    if (sessionsPerRun < 1) {
      throw new IllegalArgumentException(
          "replaylink.storage.compaction.sessions-per-run must be at least 1, got "
              + sessionsPerRun);
    }
    this.writer = writer;
    this.lease = lease;
    this.quietAfter = quietAfter;
    this.sessionsPerRun = sessionsPerRun;
  }

  @Scheduled(
      initialDelay = "${replaylink.storage.compaction.initial-delay:1m}",
      fixedDelay = "${replaylink.storage.compaction.interval:5m}")
  void run() {
    try {
      if (!lease.tryAcquire(JOB, owner, LEASE, System.currentTimeMillis())) {
        LOG.debug("Compaction runs on another instance");
        return;
      }
    } catch (StorageException e) {
      LOG.warn("Compaction skipped: the job lease could not be taken", e);
      return;
    }
    try {
      compactQuietSessions();
    } finally {
      lease.release(JOB, owner);
    }
  }

  /** Totals of one run. */
  record Totals(
      int sessions,
      int chunksBefore,
      int chunksAfter,
      long bytesBefore,
      long bytesAfter,
      long rawBytes,
      long cpuNanos) {}

  /** One run: compacts up to {@code sessions-per-run} quiet sessions. */
  Totals compactQuietSessions() {
    long quietBefore = System.currentTimeMillis() - quietAfter.toMillis();
    List<SessionRef> sessions;
    try {
      sessions = writer.sessionsToCompact(quietBefore, sessionsPerRun);
    } catch (StorageException e) {
      LOG.warn("Compaction skipped: the sessions to compact could not be listed", e);
      return new Totals(0, 0, 0, 0, 0, 0, 0);
    }
    if (sessions.isEmpty()) {
      LOG.debug("Compaction: no quiet session to compact");
      return new Totals(0, 0, 0, 0, 0, 0, 0);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    long start = System.nanoTime();
    long lastProgress = start;
    int done = 0;
    int failed = 0;
    int chunksBefore = 0;
    int chunksAfter = 0;
    long bytesBefore = 0;
    long bytesAfter = 0;
    long raw = 0;
    for (SessionRef s : sessions) {
      if (System.nanoTime() - start > LEASE.toNanos() / 2) {
        LOG.info(
            "Compaction: stopping after {} of {} sessions (time budget); the rest follow on the next run",
            done,
            sessions.size());
        break;
      }
      try {
        Compaction c = writer.compact(s.project(), s.sessionId(), quietBefore);
        if (!c.skipped()) {
          done++;
          chunksBefore += c.chunksBefore();
          chunksAfter += c.chunksAfter();
          bytesBefore += c.bytesBefore();
          bytesAfter += c.bytesAfter();
          raw += c.rawBytesRewritten();
        }
      } catch (RuntimeException e) {
        failed++;
        LOG.warn(
            "Compaction of session {} (project {}) failed; it is retried on the next run",
            s.sessionId(),
            s.project(),
            e);
      }
      long now = System.nanoTime();
      if (now - lastProgress > PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        LOG.info(
            "Compaction: {} of {} sessions, {} → {} chunks so far",
            done,
            sessions.size(),
            chunksBefore,
            chunksAfter);
      }
    }
    long cpu =
        threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() - cpu0 : 0;
    LOG.info(
        "Compaction: {} sessions ({} failed), {} → {} chunks, {} → {} bytes stored ({} MB of events rewritten) in {} ms, {} ms CPU",
        done,
        failed,
        chunksBefore,
        chunksAfter,
        bytesBefore,
        bytesAfter,
        String.format("%.1f", raw / 1e6),
        (System.nanoTime() - start) / 1_000_000,
        cpu / 1_000_000);
    return new Totals(done, chunksBefore, chunksAfter, bytesBefore, bytesAfter, raw, cpu);
  }
}
