package dev.replaylink.service.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Binds a {@link Principal} argument of a framework endpoint to the principal a filter set on the
 * request ({@link HealthDetailsFilter}); without it, the framework binds none unless a security
 * module is present. Our own controllers read the caller with {@link ReadAuthenticator} instead.
 */
@Singleton
final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {
  @Override
  public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
    Optional<Principal> principal = source.getUserPrincipal();
    return () -> principal;
  }

  @Override
  public Argument<Principal> argumentType() {
    return Argument.of(Principal.class);
  }
}
