package dev.replaylink.otel.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads the status and start time of a live span. The SDK exposes them only through {@link
 * ReadableSpan#toSpanData()}, which copies the span's attributes; doing that for every span of a
 * session would cost more than the rest of the extension together. So the SDK span's {@code status}
 * field and {@code getStartEpochNanos()} method are used directly where the SDK has them (all 1.x
 * versions so far), and {@code toSpanData()} is the fallback for any other span implementation, SDK
 * layout or module setup that forbids the access. Thread-safe.
 */
final class SdkSpanAccess {
  private static final String SDK_SPAN = "io.opentelemetry.sdk.trace.SdkSpan";
  private static final Class<?> SDK_SPAN_CLASS = sdkSpanClass();
  private static final MethodHandle STATUS = statusGetter();
  private static final MethodHandle START = startGetter();

  private SdkSpanAccess() {}

  /**
   * Whether this SDK allows the direct reads (tests check it does for the SDK versions we build
   * against).
   */
  static boolean isDirect() {
    return STATUS != null && START != null;
  }

  /** A span without a parent in this process (a request's server span, a job's first span). */
  static boolean isLocalRoot(ReadableSpan span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  static boolean isError(ReadableSpan span) {
    if (STATUS != null && SDK_SPAN_CLASS.isInstance(span)) {
      try {
        StatusData status = (StatusData) STATUS.invokeExact((Object) span);
        return status != null && status.getStatusCode() == StatusCode.ERROR;
      } catch (RuntimeException e) {
        // use the public API below
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        // not thrown by a field getter; use the public API below
      }
    }
    return span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
  }

  static long startEpochNanos(ReadableSpan span) {
    if (START != null && SDK_SPAN_CLASS.isInstance(span)) {
      try {
        return (long) START.invokeExact((Object) span);
      } catch (RuntimeException e) {
        // use the public API below
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        // not declared by the getter; use the public API below
      }
    }
    return span.toSpanData().getStartEpochNanos();
  }

  private static Class<?> sdkSpanClass() {
    try {
      return Class.forName(SDK_SPAN, false, ReadableSpan.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static MethodHandle statusGetter() {
    if (SDK_SPAN_CLASS == null) {
      return null;
    }
    try {
      Field field = SDK_SPAN_CLASS.getDeclaredField("status");
      if (!StatusData.class.isAssignableFrom(field.getType())) {
        return null;
      }
      field.setAccessible(true);
      return MethodHandles.lookup()
          .unreflectGetter(field)
          .asType(MethodType.methodType(StatusData.class, Object.class));
    } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static MethodHandle startGetter() {
    if (SDK_SPAN_CLASS == null) {
      return null;
    }
    try {
      Method method = SDK_SPAN_CLASS.getDeclaredMethod("getStartEpochNanos");
      if (method.getReturnType() != long.class) {
        return null;
      }
      method.setAccessible(true);
      return MethodHandles.lookup()
          .unreflect(method)
          .asType(MethodType.methodType(long.class, Object.class));
    } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
