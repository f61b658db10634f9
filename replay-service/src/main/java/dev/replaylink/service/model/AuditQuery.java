package dev.replaylink.service.model;

/**
 * A search of the access audit, newest first; every filter is optional (null). The cursor continues
 * after the entry at ({@code afterAt}, {@code afterId}).
 */
public record AuditQuery(
    String user,
    String sessionId,
    String action,
    Long from,
    Long to,
    int limit,
    Long afterAt,
    Long afterId) {}
