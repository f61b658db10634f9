package dev.replaylink.service.storage;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Hands out the stores of the storage component; everything else injects the store it needs. */
@Factory
final class StorageFactory {
  @Singleton
  BatchWriter batchWriter(StorageComponent storage) {
    return storage.batches();
  }

  @Singleton
  EventReader eventReader(StorageComponent storage) {
    return storage.events();
  }

  @Singleton
  SessionSearch sessionSearch(StorageComponent storage) {
    return storage.sessions();
  }

  @Singleton
  InsightSearch insightSearch(StorageComponent storage) {
    return storage.insights();
  }

  @Singleton
  MarkerStore markerStore(StorageComponent storage) {
    return storage.markers();
  }

  @Singleton
  DeletionStore deletionStore(StorageComponent storage) {
    return storage.deletion();
  }

  @Singleton
  CompactionStore compactionStore(StorageComponent storage) {
    return storage.compaction();
  }

  @Singleton
  PageStateStore pageStateStore(StorageComponent storage) {
    return storage.pageStates();
  }

  @Singleton
  RateWindowStore rateWindowStore(StorageComponent storage) {
    return storage.rateWindows();
  }

  @Singleton
  JobLeaseStore jobLeaseStore(StorageComponent storage) {
    return storage.jobLeases();
  }

  @Singleton
  UiSessionStore uiSessionStore(StorageComponent storage) {
    return storage.uiSessions();
  }

  @Singleton
  LoginFailureStore loginFailureStore(StorageComponent storage) {
    return storage.loginFailures();
  }

  @Singleton
  LocalCredentialStore localCredentialStore(StorageComponent storage) {
    return storage.localCredentials();
  }

  @Singleton
  AuditStore auditStore(StorageComponent storage) {
    return storage.audit();
  }

  @Singleton
  @Requires(property = RecordingStorageConfiguration.PREFIX + ".type", value = "s3")
  RecordingObjects recordingObjects(StorageComponent storage) {
    return storage.recordingObjects().orElseThrow();
  }

  @Singleton
  SpanStore spanStore(StorageComponent storage) {
    return storage.spans();
  }
}
