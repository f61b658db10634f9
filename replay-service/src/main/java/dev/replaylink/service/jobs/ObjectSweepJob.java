package dev.replaylink.service.jobs;

import dev.replaylink.service.storage.RecordingObjects;
import dev.replaylink.service.storage.RecordingObjects.Sweep;
import dev.replaylink.service.storage.RecordingStorageConfiguration;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the recordings in an object store: deletes the objects of deleted and compacted chunks that
 * could not be deleted at once (they stay queued), and sweeps the bucket, a part per run, for
 * objects that no chunk points at and that are older than {@code orphan-grace}: uploads whose
 * metadata was never committed (a crash or a failed commit between the two). Safe on every instance
 * at once: deleting an object twice is harmless, and the grace period keeps an upload awaiting its
 * commit.
 */
@Singleton
@Requires(property = RecordingStorageConfiguration.PREFIX + ".type", value = "s3")
final class ObjectSweepJob {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectSweepJob.class);

  /** Objects listed per run at most; a large bucket is swept over several runs. */
  static final int OBJECTS_PER_RUN = 20_000;

  static final int PAGE = 1000;

  private final RecordingObjects objects;
  private final Duration grace;
  private String cursor;

  ObjectSweepJob(RecordingObjects objects, RecordingStorageConfiguration config) {
    this.objects = objects;
    this.grace = config.getS3().getOrphanGrace();
  }

  @Scheduled(
      initialDelay = "${replaylink.storage.recordings.s3.sweep-interval:10m}",
      fixedDelay = "${replaylink.storage.recordings.s3.sweep-interval:10m}")
  void run() {
    try {
      int deleted = objects.deleteQueued(OBJECTS_PER_RUN);
      long before = System.currentTimeMillis() - grace.toMillis();
      int listed = 0;
      int orphans = 0;
      while (listed < OBJECTS_PER_RUN) {
        Sweep s = objects.sweepOrphans(cursor, PAGE, before);
        listed += s.listed();
        orphans += s.deleted();
        cursor = s.next();
        if (cursor == null) {
          break;
        }
      }
      if (deleted > 0 || orphans > 0) {
        LOG.info(
            "Object sweep: {} queued objects deleted, {} orphans of {} objects looked at deleted",
            deleted,
            orphans,
            listed);
      }
    } catch (StorageException e) {
      LOG.warn("Object sweep failed; the next run tries again", e);
    }
  }
}
