package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the spans replay-service needs (spans with a session that are local roots or errors, i.e.
 * those {@link ReplayUrlSpanProcessor} linked) on its own bounded queue and daemon thread,
 * independent of the application's exporters. {@link #onEnd} only offers to the queue: when it is
 * full the span is dropped and counted, so the application never waits for replay-service. Failed
 * exports are dropped and counted too, with at most one warning per minute.
 */
public final class SessionSpanExportProcessor implements SpanProcessor {
  static final int DEFAULT_QUEUE_SIZE = 2048;
  static final int DEFAULT_MAX_BATCH = 256;
  static final long SHUTDOWN_TIMEOUT_MILLIS = 5000;

  private final Queue<SpanData> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int queueSize;
  private final SpanBatchSender sender;
  private final int maxBatch;
  private final long delayMillis;
  private final Object signal = new Object();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  private final AtomicBoolean wakeRequested = new AtomicBoolean();
  private final Thread worker;
  private volatile boolean running = true;
  private final List<CompletableResultCode> pendingFlushes = new ArrayList<>(); // guarded by signal

  private SessionSpanExportProcessor(Builder b) {
    this.queueSize = b.queueSize;
    this.sender = b.sender;
    this.maxBatch = b.maxBatch;
    this.delayMillis = b.delayMillis;
    this.worker = new Thread(this::run, "replaylink-span-export");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  public static Builder builder(SpanBatchSender sender) {
    return new Builder(sender);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      // Local roots and failed spans only: both checks read plain fields, so the other spans of
      // a request (most of them) cost no attribute lookup under the span's lock.
      if (!span.getSpanContext().isSampled() || !(SdkSpanAccess.isLocalRoot(span) || SdkSpanAccess.isError(span))
          || span.getAttribute(ReplaylinkAttributes.SESSION_REPLAY_URL) == null
          || span.getAttribute(ReplaylinkAttributes.SESSION_ID) == null) {
        return;
      }
      // A slot is reserved first, so that a full queue costs no copy of the span and no lock.
      int size = queued.incrementAndGet();
      if (!running || size > queueSize) {
        queued.decrementAndGet();
        long total = dropped.incrementAndGet();
        if (RateLimitedLog.acquire()) {
          RateLimitedLog.emit("replay-service export queue is full; " + total + " span(s) dropped so far", null);
        }
        return;
      }
      queue.offer(span.toSpanData());
      if (size >= maxBatch && !wakeRequested.get() && !wakeRequested.getAndSet(true)) {
        synchronized (signal) {
          signal.notifyAll();
        }
      }
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Could not queue a span for replay-service", e);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Spans dropped because the queue was full or their export failed. */
  public long droppedSpans() {
    return dropped.get();
  }

  /** Spans replay-service accepted. */
  public long exportedSpans() {
    return exported.get();
  }

  /** Completes once everything queued before the call was handed to the sender. */
  @Override
  public CompletableResultCode forceFlush() {
    CompletableResultCode result = new CompletableResultCode();
    synchronized (signal) {
      pendingFlushes.add(result);
      signal.notifyAll();
    }
    return result;
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode flushed = forceFlush();
    CompletableResultCode result = new CompletableResultCode();
    Thread waiter = new Thread(() -> {
      flushed.join(SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      running = false;
      worker.interrupt();
      result.succeed();
    }, "replaylink-span-export-shutdown");
    waiter.setDaemon(true);
    waiter.start();
    return result;
  }

  private void run() {
    List<SpanData> batch = new ArrayList<>(maxBatch);
    while (running) {
      List<CompletableResultCode> flushes;
      try {
        synchronized (signal) {
          if (queued.get() < maxBatch && pendingFlushes.isEmpty()) {
            signal.wait(delayMillis);
          }
          flushes = new ArrayList<>(pendingFlushes);
          pendingFlushes.clear();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      wakeRequested.set(false);
      SpanData next;
      while ((next = queue.poll()) != null) {
        queued.decrementAndGet();
        batch.add(next);
        if (batch.size() == maxBatch || queue.isEmpty()) {
          send(batch);
          batch.clear();
        }
      }
      for (CompletableResultCode flush : flushes) {
        flush.succeed();
      }
    }
  }

  private void send(List<SpanData> batch) {
    try {
      sender.send(batch);
      exported.addAndGet(batch.size());
    } catch (SpanBatchSender.SendException e) {
      long total = dropped.addAndGet(batch.size());
      RateLimitedLog.warn(e.getMessage() + "; " + total + " span(s) not delivered so far, later spans are still sent", null);
    } catch (RuntimeException e) {
      dropped.addAndGet(batch.size());
      RateLimitedLog.warn("Exporting spans to replay-service failed", e);
    }
  }

  /** Queue and batch sizes; the defaults suit the agent, tests shorten the delay. */
  public static final class Builder {
    private final SpanBatchSender sender;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private long delayMillis = ReplaylinkSettings.DEFAULT_SCHEDULE_DELAY_MILLIS;

    private Builder(SpanBatchSender sender) {
      this.sender = sender;
    }

    public Builder queueSize(int queueSize) {
      this.queueSize = queueSize;
      return this;
    }

    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    public Builder scheduleDelayMillis(long delayMillis) {
      this.delayMillis = delayMillis;
      return this;
    }

    public SessionSpanExportProcessor build() {
      return new SessionSpanExportProcessor(this);
    }
  }
}
