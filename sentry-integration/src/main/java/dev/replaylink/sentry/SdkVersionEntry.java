package dev.replaylink.sentry;

import io.sentry.SentryIntegrationPackageStorage;
import io.sentry.util.IntegrationUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * How the integration appears in the {@code sdk} block of every Sentry event, as Sentry's own
 * integrations do: its name in {@code sdk.integrations}, its artifact and version in {@code
 * sdk.packages}. Sentry keeps both process-wide; adding them twice is harmless.
 */
final class SdkVersionEntry {
  static final String INTEGRATION_NAME = "Replaylink";
  static final String PACKAGE_NAME = "maven:dev.replaylink:replaylink-sentry";
  static final String VERSION = readVersion();

  private SdkVersionEntry() {}

  static void add() {
    IntegrationUtils.addIntegrationToSdkVersion(INTEGRATION_NAME);
    SentryIntegrationPackageStorage.getInstance().addPackage(PACKAGE_NAME, VERSION);
  }

  private static String readVersion() {
    try (InputStream in =
        SdkVersionEntry.class.getResourceAsStream("replaylink-sentry.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String version = p.getProperty("version");
      return version == null || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
