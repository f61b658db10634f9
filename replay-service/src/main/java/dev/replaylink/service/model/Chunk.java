package dev.replaylink.service.model;

/**
 * Consecutive events of one window, stored compressed. A chunk either starts with a full snapshot
 * (rrweb Meta followed by FullSnapshot), which a replay can start from, or continues the previous
 * one.
 */
public record Chunk(
    String windowId,
    long firstTimestamp,
    long lastTimestamp,
    int eventCount,
    boolean startsWithSnapshot,
    byte[] data) {}
