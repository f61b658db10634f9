package dev.replaylink.service.index;

import java.util.Set;

/** Marker kinds of the public vocabulary (docs/api.md, "Marker kinds"), including those added by backends. */
public final class MarkerKinds {
  public static final String ERROR = "error";
  public static final String CONSOLE = "console";
  public static final String NETWORK = "network";
  public static final String RAGE_CLICK = "rage-click";
  public static final String DEAD_CLICK = "dead-click";
  public static final String ERROR_CLICK = "error-click";
  public static final String MOUSE_THRASH = "mouse-thrash";
  public static final String NAVIGATION = "navigation";
  public static final String TRACK = "track";
  public static final String RECORDING_PAUSED = "recording-paused";
  public static final String RECORDING_RESUMED = "recording-resumed";
  public static final String BACKEND_ERROR = "backend-error";

  public static final Set<String> FRUSTRATION = Set.of(RAGE_CLICK, DEAD_CLICK, ERROR_CLICK, MOUSE_THRASH);

  private MarkerKinds() {}
}
