package dev.replaylink.bench.service;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keep-alive connections shared by a phase's sender threads: each request takes an idle one (or
 * opens one), so there are never more connections than requests in flight, and a connection the
 * service closed is dropped instead of reused.
 */
final class KeepAlivePool implements AutoCloseable {
  /** Opens a connection. */
  @FunctionalInterface
  interface Opener {
    KeepAliveClient open() throws IOException;
  }

  /** One request on a connection. */
  @FunctionalInterface
  interface Call {
    KeepAliveClient.Response on(KeepAliveClient connection) throws IOException;
  }

  private final Opener opener;
  private final ConcurrentLinkedQueue<KeepAliveClient> idle = new ConcurrentLinkedQueue<>();

  KeepAlivePool(Opener opener) {
    this.opener = opener;
  }

  KeepAliveClient.Response call(Call call) throws IOException {
    KeepAliveClient connection = idle.poll();
    if (connection == null) {
      connection = opener.open();
    }
    try {
      return call.on(connection);
    } finally {
      if (connection.isOpen()) {
        idle.add(connection);
      } else {
        connection.close();
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (KeepAliveClient c = idle.poll(); c != null; c = idle.poll()) {
      c.close();
    }
  }
}
