package dev.replaylink.service.storage;

import dev.replaylink.testsupport.S3Server;
import org.junit.jupiter.api.BeforeAll;

/** The storage suites on H2 with the recordings in a bucket of S3Proxy (chunk index in H2). */
class H2ObjectStorageTest extends ObjectStorageSuites {
  @BeforeAll
  static void startH2AndS3() {
    start(StorageBackend.h2WithObjects(S3Server.freshBucket()));
  }
}
