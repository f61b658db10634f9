package dev.replaylink.bench.service;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * replay-service's own {@code ChunkCodec.encode}, {@code encodeMerged} and {@code encodeBlock}
 * (compaction), loaded from the service jar the benchmark runs, so the offline comparison includes
 * exactly what the service writes today.
 */
final class ServiceCodec {
  private final MethodHandle encode;
  private final MethodHandle encodeMerged;
  private final MethodHandle encodeBlock;

  private ServiceCodec(MethodHandle encode, MethodHandle encodeMerged, MethodHandle encodeBlock) {
    this.encode = encode;
    this.encodeMerged = encodeMerged;
    this.encodeBlock = encodeBlock;
  }

  static ServiceCodec load(Path serviceJar)
      throws ReflectiveOperationException, java.net.MalformedURLException {
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {serviceJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> codec = Class.forName("dev.replaylink.service.storage.ChunkCodec", true, loader);
    MethodType type = MethodType.methodType(byte[].class, List.class);
    MethodHandle merged;
    try {
      merged = MethodHandles.publicLookup().findStatic(codec, "encodeMerged", type);
    } catch (NoSuchMethodException e) {
      merged = null; // a service build from before compaction
    }
    MethodHandle block;
    try {
      block =
          MethodHandles.publicLookup()
              .findStatic(
                  codec, "encodeBlock", MethodType.methodType(byte[].class, List.class, int.class));
    } catch (NoSuchMethodException e) {
      block = null; // a service build from before blocks
    }
    return new ServiceCodec(
        MethodHandles.publicLookup().findStatic(codec, "encode", type), merged, block);
  }

  /** The encoded size of events given as UTF-8 JSON texts, as ingest encodes them. */
  int encodedSize(List<String> events) {
    return size(encode, events);
  }

  /** Whether the service jar has compaction's encoding. */
  boolean hasMerged() {
    return encodeMerged != null;
  }

  /** The encoded size of events as compaction encodes a merged chunk. */
  int mergedSize(List<String> events) {
    return size(encodeMerged, events);
  }

  /** Whether the service jar writes short windows as blocks. */
  boolean hasBlock() {
    return encodeBlock != null;
  }

  /** The encoded size of events as compaction encodes a block of a short window. */
  int blockSize(List<String> events, int own) {
    try {
      return ((byte[]) encodeBlock.invoke(events, own)).length;
    } catch (Throwable t) {
      throw new IllegalStateException("ChunkCodec failed", t);
    }
  }

  private static int size(MethodHandle handle, List<String> events) {
    try {
      return ((byte[]) handle.invoke(events)).length;
    } catch (Throwable t) {
      throw new IllegalStateException("ChunkCodec failed", t);
    }
  }
}
