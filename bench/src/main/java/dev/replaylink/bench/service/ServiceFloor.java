package dev.replaylink.bench.service;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

/**
 * The ingest floor ({@code dev.replaylink.bench.floor.IngestFloor}) loaded over the service jar
 * under test: the jar comes first in the loader, so the floor runs that build's parser, privacy
 * filter, indexer and codec (and its Jackson and JDBC drivers), and only JDK types cross over.
 */
final class ServiceFloor implements AutoCloseable {
  private final URLClassLoader loader;
  private final ToIntFunction<byte[]> floor;

  @SuppressWarnings("unchecked")
  ServiceFloor(Path serviceJar, BenchDatabase db) throws Exception {
    URL bench = ServiceFloor.class.getProtectionDomain().getCodeSource().getLocation();
    this.loader =
        new URLClassLoader(
            new URL[] {serviceJar.toUri().toURL(), bench}, ClassLoader.getPlatformClassLoader());
    // DriverManager hands out only drivers the caller's loader can see: register the jar's own.
    for (String driver : new String[] {"org.h2.Driver", "org.postgresql.Driver"}) {
      Class.forName(driver, true, loader);
    }
    String url = db.kind().equals("pg") ? db.url() + "?reWriteBatchedInserts=true" : db.url();
    this.floor =
        (ToIntFunction<byte[]>)
            Class.forName("dev.replaylink.bench.floor.IngestFloor", true, loader)
                .getConstructor(String.class, String.class, String.class)
                .newInstance(url, db.user(), db.password());
  }

  /** Ingests one gzip body through the floor; always true (a failure throws). */
  boolean ingest(byte[] gzip) {
    floor.applyAsInt(gzip);
    return true;
  }

  @Override
  public void close() throws Exception {
    ((AutoCloseable) floor).close();
    loader.close();
  }
}
