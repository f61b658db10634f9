package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.StorageCounts;
import dev.replaylink.service.model.StorageUsage;
import dev.replaylink.service.storage.AuditStore;
import dev.replaylink.service.storage.BatchWriter;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.DeletionStore;
import dev.replaylink.service.storage.EventReader;
import dev.replaylink.service.storage.InsightSearch;
import dev.replaylink.service.storage.JobLeaseStore;
import dev.replaylink.service.storage.LocalCredentialStore;
import dev.replaylink.service.storage.LoginFailureStore;
import dev.replaylink.service.storage.MarkerReconciler;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.PageStateStore;
import dev.replaylink.service.storage.RateWindowStore;
import dev.replaylink.service.storage.RecordingObjects;
import dev.replaylink.service.storage.SessionSearch;
import dev.replaylink.service.storage.SpanStore;
import dev.replaylink.service.storage.StorageComponent;
import dev.replaylink.service.storage.UiSessionStore;
import java.util.List;
import java.util.Optional;

/**
 * Storage on a relational database (H2 and PostgreSQL, one schema created by Flyway): hand-written
 * SQL for the hot paths, one package-private class per statement family, and Micronaut Data
 * repositories for the plain CRUD tables of sign-in. The recording stores (batches, events,
 * compaction, deletion) keep chunk bytes in the database or, given an {@link ObjectStore}, in
 * objects with only the chunk index in the database. Does no I/O at construction; the data source
 * belongs to the caller and stays open on {@link #close()}.
 */
public final class JdbcStorage implements StorageComponent {
  private final Sql sql;
  private final BatchWriter batches;
  private final EventReader events;
  private final SessionSearch sessions;
  private final InsightSearch insights;
  private final MarkerStore markers;
  private final DeletionStore deletion;
  private final CompactionStore compaction;
  private final PageStateStore pageStates;
  private final RateWindowStore rateWindows;
  private final JobLeaseStore jobLeases;
  private final UiSessionStore uiSessions;
  private final LoginFailureStore loginFailures;
  private final LocalCredentialStore localCredentials;
  private final SpanStore spans;
  private final AuditStore audit;

  private final ObjectStore objects;
  private final RecordingObjects recordingObjects;

  /**
   * @param objects the object store that keeps the recordings' chunks, or null to keep them in the
   *     database; the chunk index is in the database either way, and chunks the database still
   *     holds are read from it
   */
  JdbcStorage(
      Sql sql,
      ObjectStore objects,
      MarkerReconciler reconciler,
      SignInSessionRepository uiSessions,
      LoginFailureRepository loginFailures,
      LocalCredentialRepository localCredentials) {
    this.sql = sql;
    this.objects = objects;
    this.batches = objects == null ? new JdbcBatchWriter(sql) : new ObjectBatchWriter(sql, objects);
    this.events = new SelectEvents(sql, objects);
    this.sessions = new SelectSessions(sql);
    this.insights = new SelectInsights(sql);
    this.markers = new JdbcMarkerStore(sql, reconciler);
    this.deletion = objects == null ? new JdbcDeletion(sql) : new ObjectDeletion(sql, objects);
    this.compaction =
        objects == null ? new JdbcCompaction(sql) : new ObjectCompaction(sql, objects);
    this.recordingObjects = objects == null ? null : new ObjectUpkeep(sql, objects);
    this.pageStates = new PageStateRows(sql);
    this.rateWindows = new JdbcRateWindows(sql);
    this.jobLeases = new JdbcJobLeases(sql);
    this.uiSessions = SignInStores.uiSessions(uiSessions);
    this.loginFailures = SignInStores.loginFailures(loginFailures);
    this.localCredentials = SignInStores.localCredentials(localCredentials);
    this.spans = new JdbcSpanStore(sql);
    this.audit = new JdbcAudit(sql);
  }

  @Override
  public BatchWriter batches() {
    return batches;
  }

  @Override
  public EventReader events() {
    return events;
  }

  @Override
  public SessionSearch sessions() {
    return sessions;
  }

  @Override
  public InsightSearch insights() {
    return insights;
  }

  @Override
  public MarkerStore markers() {
    return markers;
  }

  @Override
  public DeletionStore deletion() {
    return deletion;
  }

  @Override
  public CompactionStore compaction() {
    return compaction;
  }

  @Override
  public PageStateStore pageStates() {
    return pageStates;
  }

  @Override
  public RateWindowStore rateWindows() {
    return rateWindows;
  }

  @Override
  public JobLeaseStore jobLeases() {
    return jobLeases;
  }

  @Override
  public AuditStore audit() {
    return audit;
  }

  @Override
  public UiSessionStore uiSessions() {
    return uiSessions;
  }

  @Override
  public LoginFailureStore loginFailures() {
    return loginFailures;
  }

  @Override
  public LocalCredentialStore localCredentials() {
    return localCredentials;
  }

  @Override
  public SpanStore spans() {
    return spans;
  }

  @Override
  public Optional<RecordingObjects> recordingObjects() {
    return Optional.ofNullable(recordingObjects);
  }

  @Override
  public StorageCounts counts() {
    return sql.connection(
        "count",
        c ->
            new StorageCounts(
                Sql.number(c, "SELECT COUNT(*) FROM rl_sessions", List.of()),
                Sql.number(c, "SELECT COALESCE(SUM(event_count), 0) FROM rl_chunks", List.of()),
                Sql.number(c, "SELECT COUNT(*) FROM rl_markers", List.of()),
                Sql.number(c, "SELECT COUNT(*) FROM rl_trace_links", List.of()),
                Sql.number(c, "SELECT COUNT(*) FROM rl_batches", List.of())));
  }

  @Override
  public StorageUsage usage() {
    return sql.connection(
        "measure storage",
        c ->
            new StorageUsage(
                Sql.number(c, "SELECT COALESCE(SUM(stored_bytes), 0) FROM rl_sessions", List.of()),
                Sql.number(
                    c, "SELECT COUNT(*) FROM rl_sessions WHERE compaction_due = TRUE", List.of())));
  }

  @Override
  public void check() {
    sql.connection(
        "check the database",
        c -> Sql.number(c, "SELECT COUNT(*) FROM rl_local_credentials", List.of()));
    if (objects != null) {
      objects.check();
    }
  }

  @Override
  public void close() {
    // nothing of its own: the data source, the object store and the repositories belong to the
    // application context
  }
}
