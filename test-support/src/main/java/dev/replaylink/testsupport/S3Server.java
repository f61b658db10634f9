package dev.replaylink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * A real S3 API server for tests: S3Proxy on the jclouds filesystem backend in a temporary
 * directory, in this JVM, with signed requests (AWS v2/v4). {@link #shared()} is started once per
 * test JVM and never stopped; a test that stops the server ({@link #stop()}, {@link #start()}: the
 * same port and data) takes one of its own with {@link #create()}. Counts the bytes of object
 * bodies it serves, at the server, for tests that check how much a read fetched.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret";
  private static S3Server shared;

  private final Path dir;
  private final BlobStoreContext context;
  private final BlobStore blobs;
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();
  private volatile long putDelayMillis;
  private S3Proxy proxy;
  private int port;

  private S3Server() {
    try {
      dir = Files.createTempDirectory("s3proxy-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toString());
    context =
        ContextBuilder.newBuilder("filesystem").overrides(props).build(BlobStoreContext.class);
    blobs = new CountingBlobStore(context.getBlobStore());
    start();
  }

  /** The server every test shares; started on first use. */
  public static synchronized S3Server shared() {
    if (shared == null) {
      shared = new S3Server();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server of the caller's own, to stop and start; close it afterwards. */
  public static S3Server create() {
    return new S3Server();
  }

  /** Starts (again) on the same port, with the objects stored so far. */
  public synchronized void start() {
    try {
      proxy =
          S3Proxy.builder()
              .blobStore(blobs)
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              // S3Proxy answers 501 to request headers it does not know, such as the SDK's checksum
              // headers
              // on DeleteObjects, which stores that do not check them (as here) ignore
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
        Thread.sleep(10);
      }
      port = proxy.getPort();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  /** Stops answering: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** A bucket name no other test uses. */
  public static String freshBucket() {
    return "rl-" + UUID.randomUUID().toString().substring(0, 18);
  }

  /** The service's properties for recordings in {@code bucket} on this server. */
  public Map<String, Object> serviceProperties(String bucket) {
    Map<String, Object> p = new HashMap<>();
    p.put("replaylink.storage.recordings.type", "s3");
    p.put("replaylink.storage.recordings.s3.endpoint", endpoint());
    p.put("replaylink.storage.recordings.s3.bucket", bucket);
    p.put("replaylink.storage.recordings.s3.path-style", "true");
    p.put("replaylink.storage.recordings.s3.access-key", ACCESS_KEY);
    p.put("replaylink.storage.recordings.s3.secret-key", SECRET_KEY);
    return p;
  }

  /**
   * Makes every upload take this long before it is stored (a slow store); 0 = as fast as it can.
   */
  public void delayUploads(long millis) {
    putDelayMillis = millis;
  }

  /** Bytes of object bodies served by GETs since the server was created. */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** Object GETs served since the server was created. */
  public long gets() {
    return gets.get();
  }

  /** The objects of a bucket, as the backend holds them. */
  public long objectCount(String bucket) {
    if (!blobs.containerExists(bucket)) {
      return 0;
    }
    return blobs.countBlobs(bucket);
  }

  /** Objects in a bucket, counted as files of the filesystem backend (not through the S3 API). */
  public long objectFiles(String bucket) {
    Path root = dir.resolve(bucket);
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bytes of the objects of a bucket, as files of the filesystem backend: what the bucket stores,
   * not what the S3 API reports.
   */
  public long objectBytes(String bucket) {
    Path root = dir.resolve(bucket);
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    context.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind
    }
  }

  /** Counts what GETs serve: the length of each (ranged) body returned. */
  private final class CountingBlobStore extends ForwardingBlobStore {
    CountingBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      Blob blob = super.getBlob(container, name, options);
      count(blob);
      return blob;
    }

    @Override
    public Blob getBlob(String container, String name) {
      Blob blob = super.getBlob(container, name);
      count(blob);
      return blob;
    }

    @Override
    public String putBlob(String container, Blob blob) {
      slow();
      return super.putBlob(container, blob);
    }

    @Override
    public String putBlob(
        String container, Blob blob, org.jclouds.blobstore.options.PutOptions options) {
      slow();
      return super.putBlob(container, blob, options);
    }

    private void slow() {
      if (putDelayMillis > 0) {
        try {
          Thread.sleep(putDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void count(Blob blob) {
      if (blob != null) {
        gets.incrementAndGet();
        Long length = blob.getMetadata().getContentMetadata().getContentLength();
        bytesServed.addAndGet(length == null ? 0 : length);
      }
    }
  }
}
