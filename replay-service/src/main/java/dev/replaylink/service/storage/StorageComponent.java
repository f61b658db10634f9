package dev.replaylink.service.storage;

import dev.replaylink.service.model.StorageCounts;
import dev.replaylink.service.model.StorageUsage;
import java.util.Optional;

/**
 * The storage of the service, handing out one narrow store per concern. Constructing one does no
 * I/O; {@link #check()} verifies that the store answers. Every store is thread-safe and safe to use
 * from several service instances sharing the same backing store. A backend (JDBC, or JDBC with the
 * recordings in object storage) implements this; code outside {@code storage} depends only on the
 * store interfaces.
 */
public interface StorageComponent extends AutoCloseable {

  BatchWriter batches();

  EventReader events();

  SessionSearch sessions();

  InsightSearch insights();

  MarkerStore markers();

  DeletionStore deletion();

  CompactionStore compaction();

  PageStateStore pageStates();

  RateWindowStore rateWindows();

  JobLeaseStore jobLeases();

  UiSessionStore uiSessions();

  LoginFailureStore loginFailures();

  LocalCredentialStore localCredentials();

  SpanStore spans();

  AuditStore audit();

  /** Upkeep of the recordings' objects, when they are kept in an object store. */
  default Optional<RecordingObjects> recordingObjects() {
    return Optional.empty();
  }

  /** Counts of everything stored, for health and tests. */
  StorageCounts counts();

  /** Stored bytes and compaction backlog, for the meters; two aggregate statements. */
  StorageUsage usage();

  /** Verifies that the store answers; throws {@link StorageException} when it does not. */
  void check();

  /** Releases what the component opened itself (not a data source it was given). */
  @Override
  void close();
}
