package dev.replaylink.service.storage;

import dev.replaylink.testsupport.S3Server;
import org.junit.jupiter.api.BeforeAll;

/** The storage suites on the real PostgreSQL with the recordings in a bucket of S3Proxy. */
class PostgresObjectStorageTest extends ObjectStorageSuites {
  @BeforeAll
  static void startPostgresAndS3() {
    start(
        StorageBackend.postgresWithObjects(
            "rl_objects", S3Server.shared(), S3Server.freshBucket()));
  }
}
