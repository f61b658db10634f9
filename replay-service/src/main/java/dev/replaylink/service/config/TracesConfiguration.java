package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * How much of each linked trace the service keeps for the replay page's trace view: {@code
 * replaylink.traces.*}.
 */
@ConfigurationProperties(TracesConfiguration.PREFIX)
public class TracesConfiguration {
  public static final String PREFIX = "replaylink.traces";
  public static final int DEFAULT_MAX_SPANS_PER_TRACE = 1000;
  public static final int DEFAULT_MAX_TRACES_PER_SESSION = 2000;

  private int maxSpansPerTrace = DEFAULT_MAX_SPANS_PER_TRACE;
  private int maxTracesPerSession = DEFAULT_MAX_TRACES_PER_SESSION;

  /** Spans kept per trace and session; later spans of the trace are counted as dropped. */
  public int getMaxSpansPerTrace() {
    return maxSpansPerTrace;
  }

  public void setMaxSpansPerTrace(int maxSpansPerTrace) {
    this.maxSpansPerTrace = atLeastZero("max-spans-per-trace", maxSpansPerTrace);
  }

  /** Traces whose spans are kept per session; the spans of later traces are counted as dropped. */
  public int getMaxTracesPerSession() {
    return maxTracesPerSession;
  }

  public void setMaxTracesPerSession(int maxTracesPerSession) {
    this.maxTracesPerSession = atLeastZero("max-traces-per-session", maxTracesPerSession);
  }

  private static int atLeastZero(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(PREFIX + "." + key + " must be 0 or more, got " + value);
    }
    return value;
  }
}
