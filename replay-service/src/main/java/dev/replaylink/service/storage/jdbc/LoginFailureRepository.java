package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** {@code rl_login_failures} through Micronaut Data; each count is one query on an index. */
@JdbcRepository(dialect = Dialect.ANSI)
interface LoginFailureRepository extends GenericRepository<LoginFailureRow, Long> {
  /**
   * Adds one failure. Not {@code save}: that reads the generated key back by position, and
   * PostgreSQL returns every column, in table order, where V8 added the key last.
   */
  @Query("INSERT INTO rl_login_failures (client, failed_at) VALUES (:client, :failedAt)")
  void add(String client, long failedAt);

  long countByFailedAtGreaterThan(long since);

  long countByClientAndFailedAtGreaterThan(String client, long since);

  void deleteByClient(String client);

  int deleteByFailedAtLessThan(long before);
}
