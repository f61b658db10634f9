package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import dev.replaylink.protocol.SessionIds;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Adds {@code session_replay.url} and its alias {@code replaylink.replay.url} (the replay at the
 * span's start time) to local root spans when they start and to error spans with a session when
 * they end. Setting an attribute on a span that is ending needs the SDK's {@code onEnding} hook; on
 * an SDK without it, only local roots get the link (see {@link #create}). Does no I/O and never
 * throws.
 */
public class ReplayUrlSpanProcessor implements SpanProcessor {
  private final String linkBase;

  ReplayUrlSpanProcessor(String linkBase) {
    this.linkBase = linkBase;
  }

  /**
   * The processor with the error-span hook when this SDK supports it, else the local-root-only one.
   */
  public static SpanProcessor create(String linkBase) {
    try {
      return new OnEnding(linkBase);
    } catch (LinkageError e) {
      RateLimitedLog.warn(
          "This OpenTelemetry SDK has no onEnding hook: session_replay.url is added to local root spans only.",
          null);
      return new ReplayUrlSpanProcessor(linkBase);
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      if (!SdkSpanAccess.isLocalRoot(span)) {
        return;
      }
      String session =
          Baggage.fromContext(parentContext).getEntryValue(ReplaylinkAttributes.SESSION_ID_KEY);
      if (SessionIds.isValid(session)) {
        setReplayUrl(span, ReplayUrls.at(linkBase, session, SdkSpanAccess.startEpochNanos(span)));
      }
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Could not add session_replay.url to a span", e);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  /**
   * Marks failed spans of a session as they end; only they pay for reading the span's start time.
   */
  void markIfError(ReadWriteSpan span) {
    try {
      // The status is a plain field read; the attribute lookups take the span's lock, so they
      // come only for the few spans that failed.
      if (!SdkSpanAccess.isError(span)) {
        return;
      }
      String session = span.getAttribute(ReplaylinkAttributes.SESSION_ID);
      if (session == null
          || !SessionIds.isValid(session)
          || span.getAttribute(ReplaylinkAttributes.SESSION_REPLAY_URL) != null) {
        return;
      }
      setReplayUrl(span, ReplayUrls.at(linkBase, session, SdkSpanAccess.startEpochNanos(span)));
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Could not add session_replay.url to an error span", e);
    }
  }

  /** The link under its semantic-convention name and under the product-prefixed alias. */
  private static void setReplayUrl(ReadWriteSpan span, String url) {
    span.setAttribute(ReplaylinkAttributes.SESSION_REPLAY_URL, url);
    span.setAttribute(ReplaylinkAttributes.REPLAYLINK_REPLAY_URL, url);
  }

  /**
   * Loaded only where the SDK has {@code ExtendedSpanProcessor} (1.4x and later, including the
   * agents').
   */
  static final class OnEnding extends ReplayUrlSpanProcessor
      implements io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor {
    OnEnding(String linkBase) {
      super(linkBase);
    }

    @Override
    public void onEnding(ReadWriteSpan span) {
      markIfError(span);
    }

    @Override
    public boolean isOnEndingRequired() {
      return true;
    }
  }
}
