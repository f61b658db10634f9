package dev.replaylink.service.storage.jdbc;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Gives an H2 data source a statement cache that holds every statement of an ingest batch. H2
 * parses each SQL text again unless it is among the last {@code QUERY_CACHE_SIZE} of the connection
 * (8 by default), and a batch of a new session runs about as many distinct statements, so with the
 * default most were parsed anew. Applied to the configured URL before the pool is created, unless
 * the URL names a size of its own; other databases are left as they are.
 */
@Singleton
final class H2QueryCache implements BeanCreatedEventListener<DatasourceConfiguration> {
  /** Statements kept parsed per connection. */
  static final int SIZE = 64;

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration ds = event.getBean();
    String url = ds.getUrl();
    String cached = withQueryCache(url);
    if (cached != null && !cached.equals(url)) {
      ds.setUrl(cached);
    }
    return ds;
  }

  /** The URL with {@code ;QUERY_CACHE_SIZE=64} added when it is an H2 URL that names no size. */
  static String withQueryCache(String url) {
    if (url == null
        || !url.startsWith("jdbc:h2:")
        || url.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=")) {
      return url;
    }
    return url + ";QUERY_CACHE_SIZE=" + SIZE;
  }
}
