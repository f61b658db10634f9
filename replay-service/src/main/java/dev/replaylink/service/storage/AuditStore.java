package dev.replaylink.service.storage;

import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.AuditQuery;
import java.util.List;

/**
 * The access audit (table {@code rl_access_audit}): who read or deleted which recording. Entries
 * are only added, never changed; erasing a user's recordings leaves them. Thread-safe; blocks on
 * the database and throws {@link StorageException} when it fails.
 */
public interface AuditStore {

  /** Adds the entry (its {@code id} is ignored: the database numbers entries). */
  void record(AuditEntry entry);

  /**
   * Up to {@code limit + 1} entries matching the query, newest first (one more tells that a next
   * page exists).
   */
  List<AuditEntry> search(AuditQuery query);

  /** Deletes the entries older than {@code before}; returns how many. */
  int deleteBefore(long before);
}
