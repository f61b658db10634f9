package dev.replaylink.sentry;

import io.sentry.ILogger;
import io.sentry.SentryLevel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Sentry logger that keeps every line, for asserting what was logged at which level. Thread-safe.
 */
final class CapturingLogger implements ILogger {
  record Entry(SentryLevel level, String message, Throwable error) {
    /**
     * Logged by or about this integration: the line names it, or the error passed through its code.
     */
    boolean fromReplaylink() {
      if (message != null
          && (message.contains("Replaylink") || message.contains("dev.replaylink."))) {
        return true;
      }
      for (Throwable t = error; t != null; t = t.getCause()) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().startsWith("dev.replaylink.")) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public void log(SentryLevel level, String message, Object... args) {
    entries.add(
        new Entry(
            level,
            args == null || args.length == 0 ? message : String.format(message, args),
            null));
  }

  @Override
  public void log(SentryLevel level, String message, Throwable throwable) {
    entries.add(new Entry(level, message, throwable));
  }

  @Override
  public void log(SentryLevel level, Throwable throwable, String message, Object... args) {
    entries.add(
        new Entry(
            level,
            args == null || args.length == 0 ? message : String.format(message, args),
            throwable));
  }

  @Override
  public boolean isEnabled(SentryLevel level) {
    return true;
  }
}
