package dev.replaylink.otel;

import dev.replaylink.protocol.Attributes;

/**
 * Configuration keys of the extension; each also has an environment-variable form (upper case,
 * underscores).
 */
public final class ReplaylinkConfig {
  /** replay-service base URL, used for replay links and for span export. */
  public static final String URL = "otel.replaylink.url";

  /** Base URL for replay links only, when browsers reach replay-service at another address. */
  public static final String PUBLIC_URL = "otel.replaylink.public-url";

  /** Project ingest key sent with exported spans. */
  public static final String INGEST_KEY = "otel.replaylink.ingest-key";

  /**
   * Whether session spans are exported to replay-service; default true when url and ingest key are
   * set.
   */
  public static final String EXPORT_ENABLED = "otel.replaylink.export.enabled";

  /**
   * How session spans reach replay-service: {@code json} (default; the JDK's HTTP client, failures
   * logged at most once a minute) or {@code otlp} (the OTLP/HTTP exporter of the agent or the
   * application, with its retries; it logs each failed export itself).
   */
  public static final String EXPORT_SENDER = "otel.replaylink.export.sender";

  /** Request header read when a request carries no {@code session.id} baggage entry. */
  public static final String SESSION_HEADER = "otel.replaylink.session-header";

  public static final String DEFAULT_SESSION_HEADER = Attributes.SESSION_HEADER;

  /** Name of the fallback propagator in {@code otel.propagators}; added automatically. */
  public static final String PROPAGATOR_NAME = "replaylink";

  private ReplaylinkConfig() {}
}
