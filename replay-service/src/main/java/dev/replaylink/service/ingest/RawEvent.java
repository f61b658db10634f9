package dev.replaylink.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validated rrweb event: its type and timestamp, its parsed {@code data} (for indexing) and its
 * JSON text (what is stored and replayed).
 */
public record RawEvent(int type, long timestamp, JsonNode data, String json) {
  public static final int FULL_SNAPSHOT = 2;
  public static final int INCREMENTAL = 3;
  public static final int META = 4;
  public static final int CUSTOM = 5;

  /** The custom-event tag, or null for other events. */
  public String customTag() {
    if (type != CUSTOM || data == null) {
      return null;
    }
    JsonNode tag = data.get("tag");
    return tag != null && tag.isTextual() ? tag.asText() : null;
  }

  /** The custom event's payload object, or a missing node. */
  public JsonNode payload() {
    return data == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : data.path("payload");
  }
}
