package dev.replaylink.testsupport;

import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where the test PostgreSQL is. Each setting is read from a JUnit configuration parameter or system
 * property ({@code replaylink.test.pg.url}, {@code .user}, {@code .password}, {@code .required}),
 * else from the environment ({@code REPLAYLINK_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD},
 * {@code _REQUIRED}), else the default: {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code
 * postgres}, no password, not required. Not required: an unreachable server skips the tests that
 * need it, with the reason; required (as in CI, which runs one): it fails them.
 */
record PostgresSettings(String url, String user, String password, boolean required) {
  static final String PREFIX = "replaylink.test.pg.";

  /** From system properties and the environment. */
  static PostgresSettings fromSystem() {
    return from(key -> Optional.ofNullable(System.getProperty(key)));
  }

  /** {@code parameters}: a lookup by key, such as a JUnit context's configuration parameters. */
  static PostgresSettings from(Function<String, Optional<String>> parameters) {
    Function<String, String> read =
        name ->
            parameters
                .apply(PREFIX + name)
                .filter(v -> !v.isBlank())
                .or(
                    () ->
                        Optional.ofNullable(
                                System.getenv("REPLAYLINK_TEST_PG_" + name.toUpperCase()))
                            .filter(v -> !v.isBlank()))
                .orElse(null);
    return new PostgresSettings(
        orElse(read.apply("url"), "jdbc:postgresql://127.0.0.1:5432/test"),
        orElse(read.apply("user"), "postgres"),
        orElse(read.apply("password"), ""),
        "true".equalsIgnoreCase(read.apply("required")));
  }

  /**
   * Connection properties with a short connect timeout, so an absent server is found out quickly.
   */
  Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    return properties;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
