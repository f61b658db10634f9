package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry API is optional: in a class loader that has only the Sentry SDK, this
 * integration and its protocol constants, the integration builds, registers and links an event
 * (session from the scope tag).
 */
class WithoutOpenTelemetryTest {
  @Test
  void linksEventsWhenOpenTelemetryIsAbsent() throws Exception {
    URL sentryJar = io.sentry.Sentry.class.getProtectionDomain().getCodeSource().getLocation();
    URL integrationClasses =
        ReplaylinkIntegration.class.getProtectionDomain().getCodeSource().getLocation();
    URL protocolClasses =
        dev.replaylink.protocol.SessionIds.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {sentryJar, integrationClasses, protocolClasses},
            ClassLoader.getPlatformClassLoader())) {
      assertThrows(
          ClassNotFoundException.class,
          () -> loader.loadClass("io.opentelemetry.api.baggage.Baggage"));

      Class<?> integrationClass = loader.loadClass(ReplaylinkIntegration.class.getName());
      Object builder = integrationClass.getMethod("builder").invoke(null);
      builder.getClass().getMethod("url", String.class).invoke(builder, TestObjects.PUBLIC_URL);
      Object integration = builder.getClass().getMethod("build").invoke(builder);

      Class<?> optionsClass = loader.loadClass("io.sentry.SentryOptions");
      Object options = optionsClass.getConstructor().newInstance();
      Object scopes =
          loader.loadClass("io.sentry.NoOpScopes").getMethod("getInstance").invoke(null);
      integrationClass
          .getMethod("register", loader.loadClass("io.sentry.IScopes"), optionsClass)
          .invoke(integration, scopes, options);
      List<?> processors = (List<?>) optionsClass.getMethod("getEventProcessors").invoke(options);
      Object processor = processors.get(processors.size() - 1);

      Class<?> eventClass = loader.loadClass("io.sentry.SentryEvent");
      Class<?> hintClass = loader.loadClass("io.sentry.Hint");
      Object event = eventClass.getConstructor().newInstance();
      eventClass
          .getMethod("setTag", String.class, String.class)
          .invoke(event, "session.id", TestObjects.SESSION_ID);
      loader
          .loadClass("io.sentry.EventProcessor")
          .getMethod("process", eventClass, hintClass)
          .invoke(processor, event, hintClass.getConstructor().newInstance());

      Method getTag = eventClass.getMethod("getTag", String.class);
      String url = (String) getTag.invoke(event, "session_replay.url");
      assertEquals(
          TestObjects.PUBLIC_URL + "/replay/" + TestObjects.SESSION_ID + "?t=",
          url.substring(0, url.indexOf("?t=") + 3));
    }
  }
}
