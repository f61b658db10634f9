package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/**
 * {@code rl_sign_in_sessions} through Micronaut Data (ANSI SQL: the same statements on H2 and
 * PostgreSQL).
 */
@JdbcRepository(dialect = Dialect.ANSI)
interface SignInSessionRepository extends GenericRepository<SignInSessionRow, String> {
  SignInSessionRow save(SignInSessionRow row);

  Optional<SignInSessionRow> findByIdDigestAndExpiresAtGreaterThan(String idDigest, long now);

  void deleteByIdDigestOrExpiresAtLessThan(String idDigest, long now);
}
