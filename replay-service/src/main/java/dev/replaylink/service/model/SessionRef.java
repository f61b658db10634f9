package dev.replaylink.service.model;

/** A session, by project and ID. */
public record SessionRef(String project, String sessionId) {}
