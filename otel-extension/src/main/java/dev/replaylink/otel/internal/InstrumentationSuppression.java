package dev.replaylink.otel.internal;

import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs the export request with the agent's HTTP client instrumentation suppressed, so sending spans
 * creates no spans itself. The suppression marker moved between OpenTelemetry API versions (and is
 * relocated inside the agent), so it is looked up next to whichever {@link Context} class is in
 * use; when none is found the action simply runs.
 */
final class InstrumentationSuppression {
  private static final String CONTEXT_CLASS = "io.opentelemetry.context.Context";
  private static final String[] CANDIDATES = {
    "io.opentelemetry.api.impl.InstrumentationUtil",
    "io.opentelemetry.api.internal.InstrumentationUtil"
  };
  private static final MethodHandle SUPPRESS = find();

  private InstrumentationSuppression() {}

  static void run(Runnable action) {
    if (SUPPRESS == null) {
      action.run();
      return;
    }
    try {
      SUPPRESS.invokeExact(action);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle find() {
    String contextName = Context.class.getName();
    String prefix =
        contextName.endsWith(CONTEXT_CLASS)
            ? contextName.substring(0, contextName.length() - CONTEXT_CLASS.length())
            : "";
    ClassLoader loader = Context.class.getClassLoader();
    for (String candidate : CANDIDATES) {
      for (String name : new String[] {prefix + candidate, candidate}) {
        try {
          Class<?> util = Class.forName(name, true, loader);
          return MethodHandles.publicLookup()
              .findStatic(
                  util,
                  "suppressInstrumentation",
                  MethodType.methodType(void.class, Runnable.class));
        } catch (ClassNotFoundException
            | NoSuchMethodException
            | IllegalAccessException
            | LinkageError e) {
          // try the next location
        }
      }
    }
    return null;
  }
}
