package dev.replaylink.otel.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/** Delivers one batch of spans; called from the export thread only, may block up to its timeouts. */
public interface SpanBatchSender {

  /** @throws SendException when the batch was not accepted (its message says why, for the log) */
  void send(List<SpanData> batch) throws SendException;

  /** A batch that was not delivered; expected while replay-service is down. */
  final class SendException extends Exception {
    private static final long serialVersionUID = 1L;

    public SendException(String message) {
      super(message, null, false, false);
    }
  }
}
