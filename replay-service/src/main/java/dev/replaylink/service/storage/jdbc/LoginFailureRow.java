package dev.replaylink.service.storage.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of {@code rl_login_failures} (key added by V8); unescaped names as {@link UiSessionRow}
 * explains.
 */
@MappedEntity(value = "rl_login_failures", escape = false)
record LoginFailureRow(@Id @GeneratedValue @Nullable Long id, String client, long failedAt) {}
