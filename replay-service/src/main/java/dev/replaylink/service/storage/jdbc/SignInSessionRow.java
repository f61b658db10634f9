package dev.replaylink.service.storage.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of {@code rl_sign_in_sessions}; {@code memberOf} is the groups, one per line. Not escaped:
 * Flyway created the tables unquoted, which H2 stores upper-case and PostgreSQL lower-case, so only
 * unquoted names find them on both.
 */
@MappedEntity(value = "rl_sign_in_sessions", escape = false)
record SignInSessionRow(
    @Id String idDigest,
    String kind,
    String subject,
    @Nullable String email,
    String memberOf,
    long createdAt,
    long expiresAt) {}
