package dev.replaylink.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Tags of the snippet's custom events and kinds of the markers the service indexes from them, plus
 * {@link #BACKEND_ERROR}, which only backends add. {@link #IDENTIFY} is a tag that sets the user
 * and makes no marker.
 */
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
  public static final String IDENTIFY = "identify";
  public static final String RECORDING_PAUSED = "recording-paused";
  public static final String RECORDING_RESUMED = "recording-resumed";
  public static final String BACKEND_ERROR = "backend-error";

  /** The frustration signals the snippet detects, counted together on a session. */
  public static final Set<String> FRUSTRATION =
      Collections.unmodifiableSet(
          new HashSet<>(Arrays.asList(RAGE_CLICK, DEAD_CLICK, ERROR_CLICK, MOUSE_THRASH)));

  private MarkerKinds() {}
}
