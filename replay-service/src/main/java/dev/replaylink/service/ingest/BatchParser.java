package dev.replaylink.service.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates an ingest body. Every rule is checked before anything is stored; the first
 * violation becomes a 400/413 with a message naming the field. Thread-safe.
 */
public final class BatchParser {
  public static final int MAX_NESTING = 1000;
  static final int MAX_USER_ID = 256;

  private final ObjectMapper mapper;
  private final int maxEvents;

  public BatchParser(int maxEvents, int maxStringLength) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(Math.max(maxStringLength, 1024))
                    .maxNumberLength(64)
                    .build())
            .build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper =
        JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    this.maxEvents = maxEvents;
  }

  public ParsedBatch parse(byte[] json) {
    requireUtf8(json);
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "The body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.badRequest("malformed_json", "The body could not be read as JSON.");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
    }
    String sessionId = id(root, "sessionId");
    String windowId = id(root, "windowId");
    long seq = nonNegativeInteger(root, "seq");
    long sentAt = nonNegativeInteger(root, "sentAt");
    String userId = userId(root);
    JsonNode events = root.get("events");
    if (events == null || !events.isArray()) {
      throw ApiException.badRequest("invalid_field", "'events' must be an array of rrweb events.");
    }
    if (events.size() > maxEvents) {
      throw ApiException.tooLarge(
          "too_many_events",
          "The batch has " + events.size() + " events; the limit is " + maxEvents + ".");
    }
    List<RawEvent> parsed = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      parsed.add(event(events.get(i), i));
    }
    return new ParsedBatch(sessionId, windowId, seq, sentAt, userId, parsed);
  }

  private RawEvent event(JsonNode e, int index) {
    String where = "events[" + index + "]";
    if (!e.isObject()) {
      throw ApiException.badRequest("invalid_event", where + " must be an object.");
    }
    JsonNode type = e.get("type");
    if (type == null
        || !type.isIntegralNumber()
        || !type.canConvertToLong()
        || type.asLong() < 0
        || type.asLong() > 6) {
      throw ApiException.badRequest(
          "invalid_event", where + ".type must be an rrweb event type (integer 0 to 6).");
    }
    JsonNode ts = e.get("timestamp");
    if (ts == null
        || !ts.isIntegralNumber()
        || !ts.canConvertToLong()
        || ts.asLong() <= 0
        || ts.asLong() > Identifiers.MAX_SAFE_INTEGER) {
      throw ApiException.badRequest(
          "invalid_event", where + ".timestamp must be a positive integer (epoch milliseconds).");
    }
    JsonNode data = e.get("data");
    if (data != null && !data.isObject() && !data.isNull()) {
      throw ApiException.badRequest("invalid_event", where + ".data must be an object.");
    }
    if (type.asInt() == RawEvent.CUSTOM) {
      checkIdentify(data, where);
    }
    return new RawEvent(
        type.asInt(), ts.asLong(), (com.fasterxml.jackson.databind.node.ObjectNode) e);
  }

  private static String id(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("invalid_field", "'" + field + "' must be a string.");
    }
    if (!Identifiers.ID.matcher(v.asText()).matches()) {
      throw ApiException.badRequest(
          RefusalReasons.INVALID_ID,
          "'" + field + "' must match " + Identifiers.ID.pattern() + ".");
    }
    return v.asText();
  }

  private static long nonNegativeInteger(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null
        || !v.isIntegralNumber()
        || v.asLong() < 0
        || !v.canConvertToLong()
        || v.asLong() > Identifiers.MAX_SAFE_INTEGER) {
      throw ApiException.badRequest(
          "invalid_field", "'" + field + "' must be a non-negative integer.");
    }
    return v.asLong();
  }

  private static String userId(JsonNode root) {
    JsonNode user = root.get("user");
    if (user == null || user.isNull()) {
      return null;
    }
    if (!user.isObject()) {
      throw ApiException.badRequest(
          "invalid_field", "'user' must be an object like {\"id\": \"...\"}.");
    }
    JsonNode id = user.get("id");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_USER_ID) {
      throw ApiException.badRequest(
          "invalid_field", "'user.id' must be a string of 1 to " + MAX_USER_ID + " characters.");
    }
    Identifiers.refuseNul(id.asText(), "user.id");
    return id.asText();
  }

  /** The user ID an {@code identify} custom event sets, checked like {@code user.id}. */
  private static void checkIdentify(JsonNode data, String where) {
    if (data != null && "identify".equals(data.path("tag").asText(null))) {
      JsonNode userId = data.path("payload").get("userId");
      if (userId != null && userId.isTextual()) {
        Identifiers.refuseNul(userId.asText(), where + ".data.payload.userId");
      }
    }
  }

  /**
   * Refuses a body that is not well-formed UTF-8 (RFC 3629): besides what the JSON parser catches,
   * overlong forms and encoded surrogates, which it would decode into characters no text column or
   * UTF-8 output can hold. One pass over the bytes into a small reused buffer.
   */
  static void requireUtf8(byte[] body) {
    java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
    while (true) {
      java.nio.charset.CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        throw ApiException.badRequest(
            "malformed_json", "The body is not valid UTF-8 (at byte " + in.position() + ").");
      }
      if (r.isUnderflow()) {
        return;
      }
      out.clear();
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
