package dev.replaylink.service.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;

/**
 * Keeps the ingest key out of logs written by libraries: a browser's {@code sendBeacon} cannot set
 * headers, so it passes the key as the {@code key} query parameter, and the HTTP server logs
 * request URIs at DEBUG. A log call whose message or arguments carry {@code key=} or {@code token=}
 * query parameters is logged again with their values replaced by {@code <redacted>} (and the
 * original is dropped). Installed by logback.xml; cheap for disabled levels and for messages
 * without a match.
 */
public final class LogRedactionFilter extends TurboFilter {
  static final Pattern SECRET_PARAMETER = Pattern.compile("([?&](?:key|token)=)[^&\\s#\"']+");
  private static final String FQCN = Logger.class.getName();
  private static final ThreadLocal<Boolean> RELOGGING = ThreadLocal.withInitial(() -> false);

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || RELOGGING.get() || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    String redactedFormat = redact(format);
    Object[] redactedParams = null;
    if (params != null) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] == null || params[i] instanceof Number || params[i] instanceof Boolean) {
          continue;
        }
        String redacted = redact(String.valueOf(params[i]));
        if (redacted != null) {
          redactedParams = redactedParams == null ? params.clone() : redactedParams;
          redactedParams[i] = redacted;
        }
      }
    }
    if (redactedFormat == null && redactedParams == null) {
      return FilterReply.NEUTRAL;
    }
    RELOGGING.set(true);
    try {
      logger.log(
          marker,
          FQCN,
          Level.toLocationAwareLoggerInteger(level),
          redactedFormat == null ? format : redactedFormat,
          redactedParams == null ? params : redactedParams,
          t);
    } finally {
      RELOGGING.set(false);
    }
    return FilterReply.DENY;
  }

  /** The text with secret query parameter values replaced, or null when it has none. */
  static String redact(String text) {
    if (text.indexOf('=') < 0) {
      return null;
    }
    Matcher m = SECRET_PARAMETER.matcher(text);
    return m.find() ? m.replaceAll("$1<redacted>") : null;
  }
}
