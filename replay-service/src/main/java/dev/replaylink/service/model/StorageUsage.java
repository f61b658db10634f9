package dev.replaylink.service.model;

/**
 * What storage holds, for the meters: compressed recording bytes over all sessions, and how many
 * sessions wait for compaction (written to since they were last compacted).
 */
public record StorageUsage(long storedBytes, long compactionBacklog) {}
