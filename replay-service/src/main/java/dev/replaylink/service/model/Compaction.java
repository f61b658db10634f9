package dev.replaylink.service.model;

/**
 * What compacting a session did: chunk count and payload bytes of the session before and after, and
 * the raw (uncompressed) size of the events it re-encoded. {@code skipped}: nothing was done (the
 * session is unknown or was written to too recently).
 */
public record Compaction(
    boolean skipped,
    int chunksBefore,
    int chunksAfter,
    long bytesBefore,
    long bytesAfter,
    long rawBytesRewritten) {
  public static final Compaction NOT_DONE = new Compaction(true, 0, 0, 0, 0, 0);
}
