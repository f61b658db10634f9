package dev.replaylink.service.query;

import dev.replaylink.service.storage.EventReader;
import dev.replaylink.service.storage.EventSink;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events answer ({@code {"sessionId","windowId","lastTimestamp","events":[…]}}) written while
 * the store reads the session chunk by chunk, so a large session costs a pipe buffer and one chunk
 * of memory, not the whole slice. The answer starts only once the first chunk has been read, so a
 * store that fails at once (database or object store down) is answered 503 like any other read; a
 * failure after that aborts the answer (the client sees a broken transfer, never a short list that
 * looks complete).
 */
@Singleton
final class EventStreams {
  private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
  static final int PIPE_BYTES = 256 * 1024;

  private final EventReader reader;
  private final ExecutorService executor;

  EventStreams(EventReader reader, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    this.reader = reader;
    this.executor = executor;
  }

  /**
   * The session must exist (checked by the caller, so that a 404 is answered before the stream
   * starts).
   */
  StreamedFile stream(String project, String sessionId, Long from) {
    PipedInputStream in = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Failure failure = new Failure(in);
    CompletableFuture<Void> begun = new CompletableFuture<>();
    executor.execute(() -> write(project, sessionId, from, out, failure, begun));
    try {
      begun.join();
    } catch (CompletionException e) {
      closeQuietly(in);
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    return new StreamedFile(failure, MediaType.APPLICATION_JSON_TYPE);
  }

  private void write(
      String project,
      String sessionId,
      Long from,
      OutputStream out,
      Failure failure,
      CompletableFuture<Void> begun) {
    try (out) {
      boolean[] first = {true};
      boolean found =
          reader.readEvents(
              project,
              sessionId,
              from,
              new EventSink() {
                @Override
                public void start(String windowId, long lastTimestamp) {
                  text(
                      out,
                      "{\"sessionId\":\""
                          + sessionId
                          + "\",\"windowId\":"
                          + (windowId == null ? "null" : "\"" + windowId + "\"")
                          + ",\"lastTimestamp\":"
                          + lastTimestamp
                          + ",\"events\":[");
                }

                @Override
                public void chunk(List<String> events) {
                  begun.complete(null);
                  for (String event : events) {
                    text(out, first[0] ? event : "," + event);
                    first[0] = false;
                  }
                }
              });
      if (!found) {
        throw new IllegalStateException(
            "session " + sessionId + " was deleted while its events were read");
      }
      begun.complete(null);
      text(out, "]}");
    } catch (UncheckedIOException e) {
      // the client went away: nothing to answer
      begun.completeExceptionally(e);
      failure.failed = true;
    } catch (RuntimeException | IOException e) {
      if (begun.completeExceptionally(e)) {
        return; // nothing answered yet: the caller answers the failure (503 for storage)
      }
      LOG.error("Reading the events of session {} failed; the answer is aborted", sessionId, e);
      failure.failed = true;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the pipe holds no resource beyond its buffer
    }
  }

  private static void text(OutputStream out, String s) {
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pipe's read end; at its end, an I/O error instead of a clean end when the writer failed.
   */
  private static final class Failure extends FilterInputStream {
    volatile boolean failed;

    Failure(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      return check(super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return check(super.read(b, off, len));
    }

    private int check(int n) throws IOException {
      if (n < 0 && failed) {
        throw new IOException("the events could not be read to the end");
      }
      return n;
    }
  }
}
