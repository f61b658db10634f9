package dev.replaylink.service.model;

import java.util.List;

/**
 * Events of one window from a full snapshot onwards, as raw JSON texts in timestamp order.
 *
 * @param windowId window the events belong to
 * @param lastTimestamp timestamp of the newest stored event of the session
 */
public record EventSlice(String windowId, List<String> events, long lastTimestamp) {}
