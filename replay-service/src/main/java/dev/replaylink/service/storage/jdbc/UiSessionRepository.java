package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** {@code rl_ui_sessions} through Micronaut Data (ANSI SQL: the same statements on H2 and PostgreSQL). */
@JdbcRepository(dialect = Dialect.ANSI)
interface UiSessionRepository extends GenericRepository<UiSessionRow, String> {
  UiSessionRow save(UiSessionRow row);

  Optional<String> findTokenNameByIdAndExpiresAtGreaterThan(String id, long now);

  void deleteByIdOrExpiresAtLessThan(String id, long now);
}
