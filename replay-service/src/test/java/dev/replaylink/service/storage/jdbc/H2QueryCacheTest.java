package dev.replaylink.service.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class H2QueryCacheTest {
  @Test
  void h2UrlsGetAStatementCacheForAWholeBatch() {
    assertEquals(
        "jdbc:h2:file:./data/replaylink;WRITE_DELAY=0;QUERY_CACHE_SIZE=" + H2QueryCache.SIZE,
        H2QueryCache.withQueryCache("jdbc:h2:file:./data/replaylink;WRITE_DELAY=0"));
  }

  @Test
  void aSizeInTheUrlAndOtherDatabasesAreLeftAlone() {
    assertEquals(
        "jdbc:h2:mem:x;query_cache_size=4",
        H2QueryCache.withQueryCache("jdbc:h2:mem:x;query_cache_size=4"));
    assertEquals(
        "jdbc:postgresql://db/replaylink",
        H2QueryCache.withQueryCache("jdbc:postgresql://db/replaylink"));
    assertNull(H2QueryCache.withQueryCache(null));
  }
}
