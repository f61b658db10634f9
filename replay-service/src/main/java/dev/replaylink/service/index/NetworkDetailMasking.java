package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.RawEvent;
import java.util.Iterator;
import java.util.Map;

/**
 * The service's half of request-detail privacy: the recorder already masks secret-looking JSON keys
 * and headers of allow-listed requests, and this masks them again whatever the client sent, in the
 * {@code request} and {@code response} objects of a {@code network} event: every header whose name
 * looks secret, and secret-looking keys inside JSON bodies ({@link SecretMasking}).
 */
final class NetworkDetailMasking {
  private NetworkDetailMasking() {}

  static void apply(RawEvent event) {
    if (!MarkerKinds.NETWORK.equals(event.customTag())
        || !(event.payload() instanceof ObjectNode p)) {
      return;
    }
    for (String part : new String[] {"request", "response"}) {
      if (p.get(part) instanceof ObjectNode detail) {
        mask(detail);
      }
    }
  }

  private static void mask(ObjectNode detail) {
    if (detail.get("headers") instanceof ObjectNode headers) {
      Iterator<Map.Entry<String, JsonNode>> it = headers.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> h = it.next();
        if (SecretMasking.isSecretKey(h.getKey())) {
          h.setValue(TextNode.valueOf(SecretMasking.MASKED));
        }
      }
    }
    JsonNode body = detail.get("body");
    if (body != null && body.isTextual()) {
      detail.put("body", SecretMasking.maskKeysOnly(body.asText()));
    } else if (body != null && body.isContainerNode()) {
      SecretMasking.maskKeys(body);
    }
  }
}
