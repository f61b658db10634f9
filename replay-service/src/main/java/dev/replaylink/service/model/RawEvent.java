package dev.replaylink.service.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validated rrweb event: its type and timestamp, and the event object itself, which the index
 * stage may still correct (clock skew) or mask (privacy) before it is stored. Not thread-safe: a
 * batch's events belong to the request handling it.
 */
public record RawEvent(int type, long timestamp, ObjectNode node) {
  public static final int FULL_SNAPSHOT = 2;
  public static final int INCREMENTAL = 3;
  public static final int META = 4;
  public static final int CUSTOM = 5;

  /** The event's {@code data} object, or null. */
  public JsonNode data() {
    JsonNode data = node.get("data");
    return data == null || data.isNull() ? null : data;
  }

  /** The custom-event tag, or null for other events. */
  public String customTag() {
    if (type != CUSTOM) {
      return null;
    }
    JsonNode tag = node.path("data").get("tag");
    return tag != null && tag.isTextual() ? tag.asText() : null;
  }

  /** The custom event's payload object, or a missing node. */
  public JsonNode payload() {
    JsonNode data = data();
    return data == null ? MissingNode.getInstance() : data.path("payload");
  }

  /** This event moved by {@code deltaMs} (the event object is updated in place). */
  public RawEvent shifted(long deltaMs) {
    long ts = timestamp + deltaMs;
    node.put("timestamp", ts);
    return new RawEvent(type, ts, node);
  }
}
