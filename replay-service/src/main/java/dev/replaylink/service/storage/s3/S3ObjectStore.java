package dev.replaylink.service.storage.s3;

import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.RecordingStorageConfiguration;
import dev.replaylink.service.storage.StorageException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store on one bucket of an S3-compatible service (AWS S3, MinIO, Ceph RGW, R2, ...)
 * through the AWS SDK's blocking client. Every call is bounded by the configured timeout, the SDK's
 * retries included, so no request thread waits longer. Constructing one does no I/O; {@link
 * #createBucketIfMissing()} is the start-up check.
 */
public final class S3ObjectStore implements ObjectStore {
  /** Most keys S3 takes in one DeleteObjects request. */
  static final int DELETE_BATCH = 1000;

  /**
   * Threads that run {@link #readAhead} fetches, shared by all reads of the instance (each read
   * keeps only a few in flight); well under the HTTP client's 64 connections.
   */
  static final int READ_THREADS = 16;

  private final S3Client client;
  private final ExecutorService reads;
  private final RecordingStorageConfiguration.S3 config;
  private final String keyPrefix;

  private S3ObjectStore(S3Client client, RecordingStorageConfiguration.S3 config) {
    this.client = client;
    this.config = config;
    this.keyPrefix = config.getPrefix().isEmpty() ? "" : config.getPrefix() + "/";
    AtomicInteger n = new AtomicInteger();
    this.reads =
        Executors.newFixedThreadPool(
            READ_THREADS,
            r -> {
              Thread t = new Thread(r, "replaylink-object-read-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** A store on the configured bucket; {@code interceptors} see every SDK call (metrics, tests). */
  public static S3ObjectStore create(
      RecordingStorageConfiguration.S3 config, List<ExecutionInterceptor> interceptors) {
    if (config.getBucket().isEmpty()) {
      throw new IllegalStateException(
          RecordingStorageConfiguration.S3.PREFIX
              + ".bucket must be set when "
              + RecordingStorageConfiguration.PREFIX
              + ".type is s3");
    }
    Duration timeout = config.getTimeout();
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(config.getRegion()))
            .credentialsProvider(credentials(config))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(config.isPathStyle()).build())
            // Checksums only where the API requires them, and there as Content-MD5: S3-compatible
            // stores
            // (MinIO, Ceph, S3Proxy, ...) do not all take the newer x-amz-checksum-* headers.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .addPlugin(LegacyMd5Plugin.create())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(timeout)
                    .socketTimeout(timeout)
                    .connectionAcquisitionTimeout(timeout)
                    .maxConnections(64))
            .overrideConfiguration(
                o -> {
                  o.apiCallTimeout(timeout);
                  interceptors.forEach(o::addExecutionInterceptor);
                });
    if (!config.getEndpoint().isEmpty()) {
      try {
        builder.endpointOverride(URI.create(config.getEndpoint()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            RecordingStorageConfiguration.S3.PREFIX
                + ".endpoint is not a URL: "
                + config.getEndpoint(),
            e);
      }
    }
    return new S3ObjectStore(builder.build(), config);
  }

  private static AwsCredentialsProvider credentials(RecordingStorageConfiguration.S3 config) {
    if (config.getAccessKey().isEmpty() && config.getSecretKey().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(config.getAccessKey(), config.getSecretKey()));
  }

  /**
   * Creates the bucket when it does not exist. Fails with a message naming the keys to check when
   * the endpoint cannot be reached or the bucket cannot be created.
   */
  public void createBucketIfMissing() {
    try {
      client.headBucket(b -> b.bucket(config.getBucket()));
      return;
    } catch (NoSuchBucketException e) {
      // created below
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw startFailure("reached", e);
      }
    } catch (SdkException e) {
      throw startFailure("reached", e);
    }
    try {
      client.createBucket(
          b -> {
            b.bucket(config.getBucket());
            if (config.getEndpoint().isEmpty()
                && !Region.US_EAST_1.id().equals(config.getRegion())) {
              b.createBucketConfiguration(
                  CreateBucketConfiguration.builder()
                      .locationConstraint(config.getRegion())
                      .build());
            }
          });
    } catch (SdkException e) {
      throw startFailure("created", e);
    }
  }

  private IllegalStateException startFailure(String what, SdkException e) {
    String where =
        config.getEndpoint().isEmpty()
            ? "AWS S3 in region " + config.getRegion()
            : config.getEndpoint();
    return new IllegalStateException(
        "The bucket '"
            + config.getBucket()
            + "' ("
            + RecordingStorageConfiguration.S3.PREFIX
            + ".bucket) at "
            + where
            + " ("
            + RecordingStorageConfiguration.S3.PREFIX
            + ".endpoint) could not be "
            + what
            + ": "
            + e.getMessage()
            + " — check "
            + RecordingStorageConfiguration.S3.PREFIX
            + ".endpoint, .bucket, .region, .path-style and the credentials",
        e);
  }

  @Override
  public void put(String key, byte[] bytes) {
    call(
        "write object " + key,
        () ->
            client.putObject(
                b ->
                    b.bucket(config.getBucket())
                        .key(key)
                        .contentLength((long) bytes.length)
                        .contentType("application/octet-stream"),
                RequestBody.fromBytes(bytes)));
  }

  @Override
  public byte[] read(String key, long offset, int length) {
    if (length == 0) {
      return new byte[0];
    }
    byte[] out =
        call(
            "read object " + key,
            () ->
                client
                    .getObjectAsBytes(
                        b ->
                            b.bucket(config.getBucket())
                                .key(key)
                                .range("bytes=" + offset + "-" + (offset + length - 1)))
                    .asByteArrayUnsafe());
    if (out.length != length) {
      throw new StorageException(
          "Object " + key + " returned " + out.length + " bytes for a range of " + length, null);
    }
    return out;
  }

  @Override
  public CompletableFuture<byte[]> readAhead(String key, long offset, int length) {
    try {
      return CompletableFuture.supplyAsync(() -> read(key, offset, length), reads);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new StorageException("Could not read object " + key + ": the store is closed", e));
    }
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int i = 0; i < all.size(); i += DELETE_BATCH) {
      List<ObjectIdentifier> ids =
          all.subList(i, Math.min(all.size(), i + DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      DeleteObjectsResponse r =
          call(
              "delete objects",
              () ->
                  client.deleteObjects(
                      b ->
                          b.bucket(config.getBucket())
                              .delete(Delete.builder().objects(ids).quiet(true).build())));
      List<S3Error> failed =
          r.errors().stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
      if (!failed.isEmpty()) {
        throw new StorageException(
            "Could not delete "
                + failed.size()
                + " objects, e.g. "
                + failed.get(0).key()
                + ": "
                + failed.get(0).code()
                + " "
                + failed.get(0).message(),
            null);
      }
    }
  }

  @Override
  public List<StoredObject> list(String prefix, String startAfter, int limit) {
    ListObjectsV2Response r =
        call(
            "list objects",
            () ->
                client.listObjectsV2(
                    b -> {
                      b.bucket(config.getBucket()).prefix(prefix).maxKeys(limit);
                      if (startAfter != null) {
                        b.startAfter(startAfter);
                      }
                    }));
    return r.contents().stream()
        .map(o -> new StoredObject(o.key(), o.lastModified().toEpochMilli()))
        .toList();
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public void check() {
    call(
        "reach the bucket " + config.getBucket(),
        () -> client.headBucket(b -> b.bucket(config.getBucket())));
  }

  @Override
  public void close() {
    reads.shutdownNow();
    client.close();
  }

  private <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new StorageException(
          "Could not " + what + " in the object store: " + e.getMessage(), e);
    }
  }
}
