package dev.replaylink.service.query;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.storage.RecordingObjects;
import dev.replaylink.service.storage.RecordingObjects.Migration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Moving recordings from the database into the object store (admin role): each call moves the
 * chunks of some sessions of the caller's projects and says how many are left, so a script calls it
 * until {@code remainingChunks} is 0; it can stop and resume at any time.
 */
@Controller("/api/v1/admin/storage")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StorageAdminController {
  static final int DEFAULT_SESSIONS = 100;
  static final int MAX_SESSIONS = 1000;

  private final ReadAuthenticator auth;
  private final Optional<RecordingObjects> objects;

  StorageAdminController(ReadAuthenticator auth, Optional<RecordingObjects> objects) {
    this.auth = auth;
    this.objects = objects;
  }

  @Post(uri = "/move-to-objects", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> moveToObjects(HttpRequest<?> request, @Nullable @QueryValue String sessions) {
    Principal p = auth.requireAdmin(request);
    int n = DEFAULT_SESSIONS;
    if (sessions != null) {
      try {
        n = Integer.parseInt(sessions);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_SESSIONS) {
        throw ApiException.badRequest(
            "invalid_parameter", "'sessions' must be 1 to " + MAX_SESSIONS + ".");
      }
    }
    RecordingObjects store =
        objects.orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.CONFLICT,
                    "not_object_storage",
                    "Recordings are kept in the database (replaylink.storage.recordings.type is database); set it to s3 first."));
    Migration m = store.migrateFromDatabase(p.projects(), n);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessions", m.sessions());
    body.put("chunks", m.chunks());
    body.put("bytes", m.bytes());
    body.put("remainingChunks", m.remainingChunks());
    return body;
  }
}
