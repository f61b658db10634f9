package dev.replaylink.bench.service;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * replay-service's own {@code ChunkCodec.encode}, loaded from the service jar the benchmark runs,
 * so the offline comparison includes exactly the format the service writes today.
 */
final class ServiceCodec {
  private final MethodHandle encode;

  private ServiceCodec(MethodHandle encode) {
    this.encode = encode;
  }

  static ServiceCodec load(Path serviceJar) throws ReflectiveOperationException, java.net.MalformedURLException {
    URLClassLoader loader = new URLClassLoader(new URL[] {serviceJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> codec = Class.forName("dev.replaylink.service.storage.ChunkCodec", true, loader);
    return new ServiceCodec(MethodHandles.publicLookup().findStatic(codec, "encode", MethodType.methodType(byte[].class, List.class)));
  }

  /** The encoded size of events given as UTF-8 JSON texts. */
  int encodedSize(List<String> events) {
    try {
      return ((byte[]) encode.invoke(events)).length;
    } catch (Throwable t) {
      throw new IllegalStateException("ChunkCodec.encode failed", t);
    }
  }
}
