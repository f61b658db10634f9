package dev.replaylink.sentry;

import io.sentry.IScopes;
import io.sentry.Integration;
import io.sentry.NoOpLogger;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import java.io.Closeable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Links Sentry errors to the Replaylink session replay in which they happened, and back.
 *
 * <p>For each event whose session is known (OpenTelemetry baggage, the request's {@code baggage} or
 * fallback header, or a {@code session.id} scope tag) it adds the tags {@code session.id} and
 * {@code session_replay.url} and the context {@code session_replay}, and reports the error to
 * replay-service ({@code POST /api/v1/errors}) so the replay timeline links to the Sentry event.
 * Events without a session are left exactly as they were.
 *
 * <pre>{@code
 * Sentry.init(o -> {
 *   o.setDsn("...");
 *   o.addIntegration(ReplaylinkIntegration.builder().url("https://replay.example.com").ingestKey("...").build());
 * });
 * }</pre>
 *
 * <p>Never throws into Sentry and never blocks {@code captureException}: reports go through a
 * bounded queue on one daemon thread and are dropped (and counted) when replay-service is slow or
 * down. Thread-safe. Closing (Sentry closes its integrations on {@code Sentry.close()}, including
 * one installed with {@link #installOnGlobalScope(ReplaylinkIntegration)} after Sentry was
 * initialised) stops the reporter, so use one instance per {@code Sentry.init}.
 */
public final class ReplaylinkIntegration implements Integration, Closeable {
  public static final String ENV_URL = "REPLAYLINK_URL";
  public static final String ENV_PUBLIC_URL = "REPLAYLINK_PUBLIC_URL";
  public static final String ENV_INGEST_KEY = "REPLAYLINK_INGEST_KEY";
  public static final String ENV_SESSION_HEADER = "REPLAYLINK_SESSION_HEADER";
  public static final String ENV_SENTRY_EVENT_URL = "REPLAYLINK_SENTRY_EVENT_URL";
  public static final String DEFAULT_SESSION_HEADER = "x-replaylink-session";
  public static final int DEFAULT_QUEUE_CAPACITY = 512;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final ReplayEventProcessor processor;
  private final ErrorReporter reporter;
  private final String sentryEventUrl;
  private final AtomicBoolean registered = new AtomicBoolean();
  private volatile SentryEventLinks links;

  /**
   * Installed on the global scope before Sentry had a DSN: derive the links from the DSN once it
   * has one.
   */
  private volatile boolean linksFromCurrentDsn;

  /** What this instance does, for the debug line on installation. */
  private final String description;

  private ReplaylinkIntegration(Builder b) {
    boolean useOtel = b.useOpenTelemetry && OtelBridge.isPresent();
    this.reporter =
        b.ingestKey == null || !b.reportErrors
            ? null
            : new ErrorReporter(
                URI.create(b.url + "/api/v1/errors"),
                b.ingestKey,
                b.queueCapacity,
                b.timeout,
                NoOpLogger.getInstance());
    this.sentryEventUrl = b.sentryEventUrl;
    this.processor =
        new ReplayEventProcessor(
            b.publicUrl == null ? b.url : b.publicUrl,
            new SessionLookup(useOtel, b.sessionHeader),
            useOtel,
            reporter,
            this::links,
            NoOpLogger.getInstance());
    this.description =
        "replay links to "
            + (b.publicUrl == null ? b.url : b.publicUrl)
            + ", error reports "
            + (reporter == null ? "off" : "to " + b.url + "/api/v1/errors")
            + (useOtel ? ", OpenTelemetry context read" : "");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * From environment variables: {@code REPLAYLINK_URL} (required), {@code REPLAYLINK_INGEST_KEY}
   * (without it no error reports are sent), and optionally {@code REPLAYLINK_PUBLIC_URL}, {@code
   * REPLAYLINK_SESSION_HEADER}, {@code REPLAYLINK_SENTRY_EVENT_URL}.
   *
   * @throws IllegalStateException when {@code REPLAYLINK_URL} is missing
   * @throws IllegalArgumentException when a URL variable is not an absolute http(s) URL (the
   *     message names it)
   */
  public static ReplaylinkIntegration fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  static ReplaylinkIntegration fromEnvironment(Function<String, String> env) {
    String url = env.apply(ENV_URL);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          ENV_URL
              + " is not set; it must be the replay-service base URL, e.g. https://replay.example.com");
    }
    Builder b = builder().url(url, ENV_URL);
    String publicUrl = env.apply(ENV_PUBLIC_URL);
    if (publicUrl != null && !publicUrl.isBlank()) {
      b.publicUrl(publicUrl, ENV_PUBLIC_URL);
    }
    String key = env.apply(ENV_INGEST_KEY);
    if (key != null && !key.isBlank()) {
      b.ingestKey(key);
    }
    String header = env.apply(ENV_SESSION_HEADER);
    if (header != null && !header.isBlank()) {
      b.sessionHeader(header);
    }
    String eventUrl = env.apply(ENV_SENTRY_EVENT_URL);
    if (eventUrl != null && !eventUrl.isBlank()) {
      b.sentryEventUrl(eventUrl);
    }
    return b.build();
  }

  /**
   * For applications where Sentry is initialised by someone else (Sentry's Java agent, a
   * framework): adds the integration's event processor to Sentry's global scope, so it sees every
   * event. Call it after Sentry is initialised; if it is not yet, the Sentry event link is derived
   * from the DSN Sentry has when the first error is reported. Idempotent per integration instance.
   *
   * <p>When Sentry is already initialised, the integration joins Sentry's list of integrations, so
   * {@code Sentry.close()} closes it like one added with {@code addIntegration}; otherwise close it
   * yourself on shutdown.
   *
   * @return the integration, to close on shutdown or to read its counters
   */
  public static ReplaylinkIntegration installOnGlobalScope(ReplaylinkIntegration integration) {
    Objects.requireNonNull(integration, "integration");
    if (integration.registered.compareAndSet(false, true)) {
      IScopes scopes = Sentry.getCurrentScopes();
      SentryOptions options = scopes.getOptions();
      integration.bind(options);
      integration.linksFromCurrentDsn = integration.links == null;
      Sentry.getGlobalScope().addEventProcessor(integration.processor);
      if (scopes.isEnabled() && !options.getIntegrations().contains(integration)) {
        options.getIntegrations().add(integration);
      }
    }
    return integration;
  }

  /** {@link #installOnGlobalScope(ReplaylinkIntegration)} with {@link #fromEnvironment()}. */
  public static ReplaylinkIntegration installOnGlobalScope() {
    return installOnGlobalScope(fromEnvironment());
  }

  @Override
  public void register(IScopes scopes, SentryOptions options) {
    if (registered.compareAndSet(false, true)) {
      bind(options);
      options.addEventProcessor(processor);
    }
  }

  /**
   * Everything both ways of installing do: links, loggers, the SDK's integration list, a debug
   * line.
   */
  private void bind(SentryOptions options) {
    links = SentryEventLinks.create(sentryEventUrl, options.getDsn());
    processor.setLogger(options.getLogger());
    if (reporter != null) {
      reporter.setLogger(options.getLogger());
    }
    SdkVersionEntry.add();
    options
        .getLogger()
        .log(
            SentryLevel.DEBUG,
            "ReplaylinkIntegration %s installed: %s.",
            SdkVersionEntry.VERSION,
            description);
  }

  private SentryEventLinks links() {
    SentryEventLinks current = links;
    if (current == null && linksFromCurrentDsn) {
      current =
          SentryEventLinks.create(sentryEventUrl, Sentry.getCurrentScopes().getOptions().getDsn());
      links = current;
    }
    return current;
  }

  /** Error reports delivered to replay-service so far. */
  public long sentReports() {
    return reporter == null ? 0 : reporter.sent();
  }

  /** Error reports dropped so far (queue full, replay-service down or refusing). */
  public long droppedReports() {
    return reporter == null ? 0 : reporter.dropped();
  }

  /** Waits until queued reports are sent or dropped; for tests and orderly shutdown. */
  public boolean awaitReports(Duration timeout) throws InterruptedException {
    return reporter == null || reporter.awaitIdle(timeout);
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.close();
    }
  }

  /**
   * Configuration of a {@link ReplaylinkIntegration}; invalid values fail at the setter, naming it.
   */
  public static final class Builder {
    private String url;
    private String publicUrl;
    private String ingestKey;
    private String sessionHeader = DEFAULT_SESSION_HEADER;
    private String sentryEventUrl;
    private boolean reportErrors = true;
    private boolean useOpenTelemetry = true;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * replay-service base URL (required): reports go there, and replay links too unless {@link
     * #publicUrl} is set.
     */
    public Builder url(String url) {
      return url(url, "url");
    }

    Builder url(String url, String key) {
      this.url = withoutTrailingSlash(absoluteHttp(url, key));
      return this;
    }

    /**
     * Base URL of replay links when users reach replay-service under another address than the
     * application.
     */
    public Builder publicUrl(String publicUrl) {
      return publicUrl(publicUrl, "publicUrl");
    }

    Builder publicUrl(String publicUrl, String key) {
      this.publicUrl = withoutTrailingSlash(absoluteHttp(publicUrl, key));
      return this;
    }

    /**
     * The project's ingest key; without one, events are still linked but not reported to
     * replay-service.
     */
    public Builder ingestKey(String ingestKey) {
      this.ingestKey = ingestKey == null || ingestKey.isBlank() ? null : ingestKey.trim();
      return this;
    }

    /**
     * Request header read when the request has no {@code baggage} with the session (default {@value
     * #DEFAULT_SESSION_HEADER}); null turns it off.
     */
    public Builder sessionHeader(String sessionHeader) {
      this.sessionHeader =
          sessionHeader == null ? null : sessionHeader.trim().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Template of the link from the replay to the Sentry event, with {@code {eventId}} and
     * optionally {@code {projectId}}, {@code {orgId}}; default derived from the DSN.
     */
    public Builder sentryEventUrl(String template) {
      if (template == null || !template.contains(SentryEventLinks.EVENT_ID)) {
        throw new IllegalArgumentException(
            "sentryEventUrl must contain " + SentryEventLinks.EVENT_ID + ", got: " + template);
      }
      absoluteHttp(SentryEventLinks.sample(template), "sentryEventUrl");
      this.sentryEventUrl = template.trim();
      return this;
    }

    /**
     * Whether linked errors are reported to replay-service (default true when an ingest key is
     * set).
     */
    public Builder reportErrors(boolean reportErrors) {
      this.reportErrors = reportErrors;
      return this;
    }

    /**
     * Whether the OpenTelemetry context is read when the API is on the class path (default true).
     */
    public Builder useOpenTelemetry(boolean useOpenTelemetry) {
      this.useOpenTelemetry = useOpenTelemetry;
      return this;
    }

    /**
     * Reports waiting to be sent before new ones are dropped (default {@value
     * #DEFAULT_QUEUE_CAPACITY}).
     */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity <= 0) {
        throw new IllegalArgumentException("queueCapacity must be > 0, got " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Connect and request timeout of one report (default 3 s). */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public ReplaylinkIntegration build() {
      if (url == null) {
        throw new IllegalStateException(
            "url is required: the replay-service base URL, e.g. https://replay.example.com");
      }
      return new ReplaylinkIntegration(this);
    }

    private static String withoutTrailingSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String absoluteHttp(String value, String key) {
      try {
        URI uri = new URI(Objects.requireNonNull(value, key).trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute()
            || uri.getHost() == null
            || !(scheme.equals("http") || scheme.equals("https"))) {
          throw new IllegalArgumentException(
              key + " must be an absolute http(s) URL, got: " + value);
        }
        return uri.toString();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            key + " must be an absolute http(s) URL, got: " + value, e);
      }
    }
  }
}
