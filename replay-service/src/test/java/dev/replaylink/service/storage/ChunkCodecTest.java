package dev.replaylink.service.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every format decodes to the events it was given; compaction's encoding is format 2 at a higher
 * level.
 */
class ChunkCodecTest {
  static List<String> events(int n) {
    List<String> out = new ArrayList<>();
    out.add(
        "{\"type\":4,\"data\":{\"href\":\"https://shop.example.com/ü\",\"width\":1280,\"height\":800},\"timestamp\":1760000000000}");
    for (int i = 1; i < n; i++) {
      out.add(
          "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":"
              + (i * 7 % 1280)
              + ",\"y\":"
              + (i * 13 % 800)
              + ",\"id\":"
              + i
              + ",\"timeOffset\":0}]},\"timestamp\":"
              + (1_760_000_000_000L + i * 50L)
              + "}");
    }
    return out;
  }

  @Test
  void everyFormatAndLevelDecodesToTheSameEvents() {
    List<String> events = events(500);
    byte[] ingest = ChunkCodec.encode(events);
    byte[] merged = ChunkCodec.encodeMerged(events);
    byte[] format1 = ChunkCodec.encodeFormat1(events);
    assertEquals(ChunkCodec.FORMAT_DEFLATE_RRWEB_DICT, ingest[0]);
    assertEquals(ChunkCodec.FORMAT_DEFLATE_RRWEB_DICT, merged[0]);
    assertEquals(ChunkCodec.FORMAT_GZIP_FRAMED, format1[0]);
    assertEquals(events, ChunkCodec.decode(ingest));
    assertEquals(events, ChunkCodec.decode(merged));
    assertEquals(events, ChunkCodec.decode(format1));
    assertTrue(merged.length <= ingest.length, merged.length + " vs " + ingest.length);
    assertEquals(List.of(), ChunkCodec.decode(ChunkCodec.encodeMerged(List.of())));
  }

  @Test
  void mergingSmallChunksStoresFewerBytes() {
    List<String> events = events(2000);
    long separate = 0;
    for (int i = 0; i < events.size(); i += 40) {
      separate += ChunkCodec.encode(events.subList(i, Math.min(events.size(), i + 40))).length;
    }
    assertTrue(ChunkCodec.encodeMerged(events).length < separate, "merged chunks compress better");
  }

  @Test
  void aBlockHoldsItsChunksEventsAndItsMembersSayWhereTheirsAre() {
    List<String> events = events(300);
    byte[] block = ChunkCodec.encodeBlock(events, 120);
    assertEquals(ChunkCodec.FORMAT_BLOCK, block[0]);
    assertEquals(events.subList(0, 120), ChunkCodec.decode(block), "the block's own chunk");
    ChunkCodec.Block b = ChunkCodec.block(block);
    assertEquals(new ChunkCodec.Block(120, events), b);

    ChunkCodec.BlockMember member = new ChunkCodec.BlockMember(70_000_000_000L, 3, 120, 180);
    byte[] ref = ChunkCodec.encodeMember(member);
    assertEquals(ChunkCodec.FORMAT_BLOCK_MEMBER, ref[0]);
    assertTrue(ref.length < 16, "a member is a few bytes: " + ref.length);
    assertEquals(member, ChunkCodec.member(ref));
    assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(ref));

    byte[] plain = ChunkCodec.encodeMerged(events);
    assertEquals(new ChunkCodec.Block(300, events), ChunkCodec.block(plain));
    assertEquals(events, ChunkCodec.block(ChunkCodec.encodeFormat1(events)).events());
    assertThrows(IllegalArgumentException.class, () -> ChunkCodec.encodeBlock(events, 301));
  }

  @Test
  void unknownFormatIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(new byte[] {9, 1, 2}));
  }
}
