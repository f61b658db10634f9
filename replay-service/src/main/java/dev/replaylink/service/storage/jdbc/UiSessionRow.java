package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of {@code rl_ui_sessions}. Not escaped: Flyway created the tables unquoted, which H2 stores
 * upper-case and PostgreSQL lower-case, so only unquoted names find them on both.
 */
@MappedEntity(value = "rl_ui_sessions", escape = false)
record UiSessionRow(@Id String id, String tokenName, long createdAt, long expiresAt) {}
