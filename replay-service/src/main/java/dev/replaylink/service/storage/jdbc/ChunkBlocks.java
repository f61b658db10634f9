package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.ChunkCodec.BlockMember;
import dev.replaylink.service.storage.jdbc.CompactionPlan.ChunkMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of consecutive chunks of a window becomes one block ({@link ChunkCodec} formats 3 and 4),
 * in the database store: the first chunk's payload holds all their events compressed as one stream,
 * each other chunk's payload says where its events are in it. Only payloads change: every row keeps
 * its key, timestamps, event count and snapshot flag, so every start point and every read stays the
 * same (each chunk still yields exactly its own events).
 */
final class ChunkBlocks {
  private ChunkBlocks() {}

  /** Writes the group as one block; the bytes saved and the raw size of its events. */
  static MergeChunks.Merged write(
      Connection c, String project, String sessionId, List<ChunkMeta> group) throws SQLException {
    List<Object> args = new ArrayList<>();
    String in = Sql.in("id", group.stream().map(ChunkMeta::id).toList(), args);
    Map<Long, byte[]> payloads = new HashMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT id, payload FROM rl_chunks WHERE " + in,
            args,
            rs -> new Object[] {rs.getLong(1), rs.getBytes(2)})) {
      payloads.put((Long) row[0], (byte[]) row[1]);
    }
    List<List<String>> parts = new ArrayList<>();
    long before = 0;
    for (ChunkMeta m : group) {
      byte[] payload = payloads.get(m.id());
      if (payload == null) {
        throw new IllegalStateException(
            "Chunk " + m.id() + " of session " + sessionId + " vanished during compaction");
      }
      before += payload.length;
      parts.add(ChunkCodec.decode(payload));
    }
    Encoded e = encode(group, parts);
    long after = 0;
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE rl_chunks SET payload = ?, codec = ? WHERE id = ?")) {
      for (int i = 0; i < group.size(); i++) {
        byte[] bytes = e.payloads().get(i);
        after += bytes.length;
        ps.setBytes(1, bytes);
        ps.setShort(2, (short) ChunkCodec.format(bytes));
        ps.setLong(3, group.get(i).id());
        ps.addBatch();
      }
      for (int n : ps.executeBatch()) {
        if (n != 1 && n != PreparedStatement.SUCCESS_NO_INFO) {
          throw new IllegalStateException(
              "A chunk of session " + sessionId + " vanished during compaction");
        }
      }
    }
    return new MergeChunks.Merged(before - after, e.raw());
  }

  /**
   * Turns the window's chunks that are in blocks back into plain chunks (format 2, each with its
   * own events), so that chunks that arrived after the blocks were written can be merged with them;
   * the bytes this adds (negative: saved) and the raw size of the events re-encoded.
   */
  static MergeChunks.Merged undo(Connection c, String project, String sessionId, String windowId)
      throws SQLException {
    List<Object[]> rows =
        Sql.query(
            c,
            "SELECT id, seq, part, payload FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
                + " AND codec IN (3, 4) ORDER BY seq, part",
            List.of(project, sessionId, windowId),
            rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)});
    List<Payload> payloads = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      if (r[3] == null) {
        throw new IllegalStateException(
            "A chunk of session " + sessionId + " in a block is not in the database");
      }
      payloads.add(new Payload((Long) r[1], (Integer) r[2], (byte[]) r[3]));
    }
    List<List<String>> plain = events(payloads, sessionId);
    long before = 0;
    long after = 0;
    long raw = 0;
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE rl_chunks SET payload = ?, codec = NULL WHERE id = ?")) {
      for (int i = 0; i < rows.size(); i++) {
        List<String> events = plain.get(i);
        byte[] bytes = ChunkCodec.encodeMerged(events);
        raw += MergeChunks.utf8Length(events);
        before += payloads.get(i).bytes().length;
        after += bytes.length;
        ps.setBytes(1, bytes);
        ps.setLong(2, (Long) rows.get(i)[0]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return new MergeChunks.Merged(before - after, raw);
  }

  /** A chunk's key in its window and its stored bytes. */
  record Payload(long seq, int part, byte[] bytes) {}

  /**
   * The events of each of a window's chunks, given in reading order (a block before its members): a
   * block member's are taken from its block.
   */
  static List<List<String>> events(List<Payload> payloads, String sessionId) {
    Map<String, ChunkCodec.Block> blocks = new HashMap<>();
    List<List<String>> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      if (ChunkCodec.isMember(p.bytes())) {
        BlockMember m = ChunkCodec.member(p.bytes());
        ChunkCodec.Block b = blocks.get(m.seq() + "/" + m.part());
        if (b == null || m.start() + m.count() > b.events().size()) {
          throw new IllegalStateException(
              "The block of session "
                  + sessionId
                  + " at "
                  + m.seq()
                  + "/"
                  + m.part()
                  + " is missing");
        }
        out.add(b.events().subList(m.start(), m.start() + m.count()));
      } else if (ChunkCodec.inBlock(ChunkCodec.format(p.bytes()))) {
        ChunkCodec.Block b = ChunkCodec.block(p.bytes());
        blocks.put(p.seq() + "/" + p.part(), b);
        out.add(b.events().subList(0, b.own()));
      } else {
        out.add(ChunkCodec.decode(p.bytes()));
      }
    }
    return out;
  }

  /** A group's new payloads, in its order, and the raw size of its events. */
  record Encoded(List<byte[]> payloads, long raw) {}

  /**
   * Encodes the events of each chunk of a group (in order) as one block held by the first chunk and
   * one member for each other chunk.
   */
  static Encoded encode(List<ChunkMeta> group, List<List<String>> parts) {
    List<String> all = new ArrayList<>();
    long raw = 0;
    for (List<String> part : parts) {
      all.addAll(part);
      raw += MergeChunks.utf8Length(part);
    }
    ChunkMeta head = group.get(0);
    List<byte[]> out = new ArrayList<>();
    out.add(ChunkCodec.encodeBlock(all, parts.get(0).size()));
    int start = parts.get(0).size();
    for (int i = 1; i < group.size(); i++) {
      int count = parts.get(i).size();
      out.add(ChunkCodec.encodeMember(new BlockMember(head.seq(), head.part(), start, count)));
      start += count;
    }
    return new Encoded(out, raw);
  }
}
