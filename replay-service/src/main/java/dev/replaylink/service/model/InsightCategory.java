package dev.replaylink.service.model;

import java.util.List;

/** The triage lists of the insights view and the marker kinds each one groups. */
public enum InsightCategory {
  /** Uncaught browser errors and unhandled rejections, by "Type: message". */
  JS_ERRORS(List.of("error"), false),
  /** Errors reported by backends (OTLP error spans, Sentry), by their label. */
  BACKEND_ERRORS(List.of("backend-error"), false),
  /** Requests answered with status 500 or more or that failed, by method and path. */
  FAILING_ENDPOINTS(List.of("network"), false),
  /** Rage and dead clicks, by page and element. */
  FRUSTRATION(List.of("rage-click", "dead-click"), true);

  private final List<String> kinds;
  private final boolean byPage;

  InsightCategory(List<String> kinds, boolean byPage) {
    this.kinds = kinds;
    this.byPage = byPage;
  }

  public List<String> kinds() {
    return kinds;
  }

  /** Whether groups are also split by the page the marker happened on. */
  public boolean byPage() {
    return byPage;
  }
}
