package dev.replaylink.service.storage.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** {@code rl_local_credentials} through Micronaut Data. */
@JdbcRepository(dialect = Dialect.ANSI)
interface LocalCredentialRepository extends GenericRepository<LocalCredentialRow, String> {
  LocalCredentialRow save(LocalCredentialRow row);

  Optional<String> findSecretByName(String name);
}
