package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.SignIn;
import dev.replaylink.service.storage.LocalCredentialStore;
import dev.replaylink.service.storage.LoginFailureStore;
import dev.replaylink.service.storage.StorageException;
import dev.replaylink.service.storage.UiSessionStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sign-in stores on their Micronaut Data repositories: plain CRUD, so no hand-written SQL.
 * Every failure becomes a {@link StorageException}.
 */
final class SignInStores {
  /** How often a first {@code secret} call reads again after losing the insert race. */
  private static final int ATTEMPTS = 3;

  private SignInStores() {}

  static UiSessionStore uiSessions(SignInSessionRepository repository) {
    return new UiSessionStore() {
      @Override
      public void create(String idDigest, SignIn who, long createdAt, long expiresAt) {
        guard(
            "create sign-in session",
            () ->
                repository.save(
                    new SignInSessionRow(
                        idDigest,
                        who.kind(),
                        who.subject(),
                        who.email(),
                        String.join("\n", who.groups()),
                        createdAt,
                        expiresAt)));
      }

      @Override
      public Optional<SignIn> find(String idDigest, long now) {
        return guard(
            "read sign-in session",
            () ->
                repository
                    .findByIdDigestAndExpiresAtGreaterThan(idDigest, now)
                    .map(
                        r ->
                            new SignIn(
                                r.kind(),
                                r.subject(),
                                r.email(),
                                r.memberOf().isEmpty()
                                    ? List.of()
                                    : List.of(r.memberOf().split("\n")))));
      }

      @Override
      public void delete(String idDigest, long now) {
        guard(
            "delete sign-in session",
            () -> {
              repository.deleteByIdDigestOrExpiresAtLessThan(idDigest, now);
              return null;
            });
      }
    };
  }

  static LoginFailureStore loginFailures(LoginFailureRepository repository) {
    return new LoginFailureStore() {
      @Override
      public void add(String client, long failedAt) {
        guard(
            "record a failed sign-in",
            () -> {
              repository.add(client, failedAt);
              return null;
            });
      }

      @Override
      public long countSince(long since) {
        return guard("read failed sign-ins", () -> repository.countByFailedAtGreaterThan(since));
      }

      @Override
      public long countSince(String client, long since) {
        return guard(
            "read failed sign-ins",
            () -> repository.countByClientAndFailedAtGreaterThan(client, since));
      }

      @Override
      public void clear(String client) {
        guard(
            "clear failed sign-ins",
            () -> {
              repository.deleteByClient(client);
              return null;
            });
      }

      @Override
      public int deleteBefore(long before) {
        return guard(
            "delete old failed sign-ins", () -> repository.deleteByFailedAtLessThan(before));
      }
    };
  }

  /**
   * The primary key on the name settles concurrent first calls: the insert that loses reads the
   * winner's secret.
   */
  static LocalCredentialStore localCredentials(LocalCredentialRepository repository) {
    return (name, newSecret, now) -> {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Optional<String> stored =
            guard("read local credentials", () -> repository.findSecretByName(name));
        if (stored.isPresent()) {
          return stored.get();
        }
        String secret = newSecret.get();
        try {
          repository.save(new LocalCredentialRow(name, secret, now));
          return secret;
        } catch (RuntimeException e) {
          if (!Sql.isUniqueViolation(e)) {
            throw new StorageException("Could not store local credentials", e);
          }
        }
      }
      throw new StorageException("Could not create local credential " + name, null);
    };
  }

  private static <T> T guard(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StorageException("Could not " + what, e);
    }
  }
}
