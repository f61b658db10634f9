package dev.replaylink.bench.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service's tables take in a database, table by table, as the database stores them: rows,
 * out-of-line values (PostgreSQL's TOAST) and indexes. PostgreSQL: {@code pg_total_relation_size}
 * of each table after {@code VACUUM FULL ANALYZE} (whole 8 KiB pages; without FULL the pages that
 * deleted rows leave stay in the files for reuse); H2: {@code DB_OBJECT_TOTAL_SIZE} (the MVStore
 * pages of the table and its indexes). The chunk table is also split into its rows and each index.
 * Read the growth between two measurements ({@link #minus}), not one alone: an empty schema already
 * takes pages. H2 only while the service is stopped (file lock).
 */
public record StoreFootprint(Map<String, Long> bytes) {
  /** The recordings part: the chunk table (payloads or the object index) and the object queue. */
  static final String CHUNKS = "rl_chunks";

  static final String DELETES = "rl_object_deletes";

  public static StoreFootprint measure(BenchDatabase db) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = db.connect()) {
      if (db.kind().equals("pg")) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          // FULL: plain VACUUM keeps the pages of deleted rows (compaction's merged chunks) in the
          // files for reuse, so the files would not show what the rows left take
          s.execute("VACUUM FULL ANALYZE");
        }
        query(
            c,
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r'"
                + " AND relnamespace = 'public'::regnamespace AND relname LIKE 'rl\\_%'",
            out,
            "");
        query(
            c,
            "SELECT 'rows', pg_relation_size('rl_chunks') + COALESCE((SELECT"
                + " pg_total_relation_size(reltoastrelid) FROM pg_class WHERE oid ="
                + " 'rl_chunks'::regclass AND reltoastrelid <> 0), 0)",
            out,
            CHUNKS + " ");
        query(
            c,
            "SELECT x.relname, pg_relation_size(x.oid) FROM pg_index i JOIN pg_class x ON x.oid ="
                + " i.indexrelid WHERE i.indrelid = 'rl_chunks'::regclass",
            out,
            CHUNKS + " index ");
      } else {
        query(
            c,
            "SELECT TABLE_NAME, DB_OBJECT_TOTAL_SIZE('TABLE', TABLE_SCHEMA, TABLE_NAME) FROM"
                + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME LIKE"
                + " 'RL\\_%'",
            out,
            "");
        query(
            c, "SELECT 'rows', DB_OBJECT_SIZE('TABLE', 'PUBLIC', 'RL_CHUNKS')", out, CHUNKS + " ");
        query(
            c,
            "SELECT INDEX_NAME, DB_OBJECT_SIZE('INDEX', INDEX_SCHEMA, INDEX_NAME) FROM"
                + " INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME ="
                + " 'RL_CHUNKS' AND INDEX_TYPE_NAME <> 'PRIMARY KEY'",
            out,
            CHUNKS + " index ");
      }
    }
    return new StoreFootprint(out);
  }

  private static void query(Connection c, String sql, Map<String, Long> out, String prefix)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(prefix + rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
      }
    }
  }

  /** The growth since {@code base}, entry by entry. */
  public StoreFootprint minus(StoreFootprint base) {
    Map<String, Long> out = new TreeMap<>();
    bytes.forEach((k, v) -> out.put(k, v - base.bytes.getOrDefault(k, 0L)));
    return new StoreFootprint(out);
  }

  /**
   * The recordings part: chunk rows with their payloads or object ranges, indexes, object queue.
   */
  public long recordings() {
    return get(CHUNKS) + get(DELETES);
  }

  /** Every table but the recordings part (sessions, batch keys, markers, trace links, ...). */
  public long rest() {
    return bytes.entrySet().stream()
        .filter(e -> !e.getKey().contains(" ") && !e.getKey().equals(CHUNKS))
        .filter(e -> !e.getKey().equals(DELETES))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  public long get(String table) {
    return bytes.getOrDefault(table, 0L);
  }

  /**
   * Per raw MB, largest first: with {@code recordings} the chunk table split into its rows and each
   * index, and the object queue ("rows 1,234, index rl_chunks_session 56, ..."); else every other
   * table that grew.
   */
  public String perRawMb(double rawMb, boolean recordings) {
    StringBuilder s = new StringBuilder();
    bytes.entrySet().stream()
        .filter(e -> !e.getKey().equals(CHUNKS))
        .filter(
            e ->
                recordings
                    ? e.getKey().startsWith(CHUNKS + " ") || e.getKey().equals(DELETES)
                    : !e.getKey().contains(" ") && !e.getKey().equals(DELETES))
        .filter(e -> e.getValue() != 0)
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(
            e ->
                s.append(s.length() == 0 ? "" : ", ")
                    .append(e.getKey().replace(CHUNKS + " ", ""))
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%,.0f", e.getValue() / rawMb)));
    return s.toString();
  }
}
