package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code rl_local_credentials}; unescaped names as {@link UiSessionRow} explains. */
@MappedEntity(value = "rl_local_credentials", escape = false)
record LocalCredentialRow(@Id String name, String secret, long createdAt) {}
