package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.replaylink.service.config.PrivacyConfiguration;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's privacy safety net, applied to every event before it is stored, whatever the client
 * sent: form field values (input, textarea, select, including password and hidden inputs), typed
 * text, text inside {@code contenteditable} elements, {@code value} attributes and e-mail addresses
 * or tokens in {@code data-*} attributes ({@link SensitiveAttributes}) are masked, and text
 * matching the configured patterns (payment card numbers by default, e-mail addresses when enabled,
 * custom patterns) is masked everywhere. Masking keeps the length and replaces characters with
 * {@code *}. The user ID of an {@code identify} event is kept as sent: it is the app's identifier
 * for the user, which search and erasure by user rely on. Text that a mutation changes or adds
 * inside a form field recorded earlier in the same window is masked as well (see {@link
 * FormFieldIds} for what is remembered and for how long). Thread-safe.
 */
@Singleton
public final class PrivacyFilter {
  static final Set<String> FORM_TAGS = Set.of("input", "textarea", "select", "option");
  private static final int SOURCE_MUTATION = 0;
  private static final int SOURCE_INPUT = 5;
  // A digit run glued to letters is part of an identifier (a trace ID, a hash, a UUID), not a card
  // number:
  // masking it would break the trace link of about one trace ID in 250.
  private static final Pattern CARD =
      Pattern.compile("(?<![0-9A-Za-z])(?:[0-9][ -]?){12,18}[0-9](?![0-9A-Za-z])");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private final boolean cards;
  private final boolean emails;
  private final List<Pattern> extra = new ArrayList<>();
  private final FormFieldIds formFields = new FormFieldIds();

  public PrivacyFilter(PrivacyConfiguration config) {
    this.cards = config.isMaskCardNumbers();
    this.emails = config.isMaskEmails();
    for (String p : config.getMaskPatterns()) {
      try {
        extra.add(Pattern.compile(p));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalStateException(
            PrivacyConfiguration.PREFIX + ".mask-patterns has an invalid pattern: " + p, e);
      }
    }
  }

  /**
   * Masks the batch's events in place, in order. The form fields of the recording window are
   * remembered ({@link FormFieldIds}), so text later changed or added inside them is masked too.
   */
  public void apply(String project, ParsedBatch batch) {
    FormFieldIds.Window window = formFields.window(project, batch.sessionId(), batch.windowId());
    for (RawEvent e : batch.events()) {
      apply(e, window);
    }
  }

  /** Masks one event in place, knowing only the form fields recorded in that event. */
  public void apply(RawEvent event) {
    apply(event, FormFieldIds.Window.detached());
  }

  private void apply(RawEvent event, FormFieldIds.Window window) {
    NetworkDetailMasking.apply(event);
    JsonNode data = event.data();
    if (data instanceof ObjectNode d) {
      if (event.type() == RawEvent.FULL_SNAPSHOT) {
        window.reset();
        maskFormValues(d.get("node"), false, window, NodeParents.UNKNOWN);
      } else if (event.type() == RawEvent.INCREMENTAL) {
        int source = d.path("source").asInt(-1);
        if (source == SOURCE_INPUT && d.get("text") != null && d.get("text").isTextual()) {
          d.put("text", stars(d.get("text").asText()));
        } else if (source == SOURCE_MUTATION) {
          maskMutation(d, window);
        }
      }
    }
    if (cards || emails || !extra.isEmpty()) {
      // The user ID the app passed to identify() is its own identifier, not recorded content: it is
      // what sessions are found and erased by, so a digit run in it must not be taken for a card.
      ObjectNode identify =
          "identify".equals(event.customTag()) && event.payload() instanceof ObjectNode p
              ? p
              : null;
      JsonNode userId = identify == null ? null : identify.remove("userId");
      maskPatterns(event.node());
      if (userId != null) {
        identify.set("userId", userId);
      }
    }
  }

  /**
   * Values set on any element, nodes added under or as form fields, and text changed in a node
   * inside a form field (or inside an element made editable, now or earlier). Recorders list a
   * parent's add before its children's, but the replayer accepts any order, so an add whose parent
   * turns out to be inside a form field later in the list is masked then (each add is visited at
   * most twice).
   */
  private void maskMutation(ObjectNode d, FormFieldIds.Window window) {
    // first: an element this change makes editable masks the text changed or added inside it below
    for (JsonNode change : d.path("attributes")) {
      if (change.get("attributes") instanceof ObjectNode attrs) {
        SensitiveAttributes.mask(null, attrs);
        if (SensitiveAttributes.editable(attrs) && change.path("id").isInt()) {
          window.madeEditable(change.path("id").asInt());
        }
      }
    }
    Map<Integer, List<JsonNode>> waiting = new HashMap<>();
    Deque<Integer> inside = new ArrayDeque<>();
    for (JsonNode add : d.path("adds")) {
      JsonNode parent = add.path("parentId");
      boolean underForm = parent.isInt() && window.contains(parent.asInt());
      maskFormValues(
          add.get("node"),
          underForm,
          window,
          parent.isInt() ? parent.asInt() : NodeParents.UNKNOWN);
      if (!underForm && parent.isInt()) {
        waiting.computeIfAbsent(parent.asInt(), k -> new ArrayList<>()).add(add);
      }
      collectIds(add.get("node"), window, inside);
    }
    while (!inside.isEmpty() && !waiting.isEmpty()) {
      List<JsonNode> children = waiting.remove(inside.pop());
      if (children != null) {
        for (JsonNode add : children) {
          maskFormValues(add.get("node"), true, window, add.path("parentId").asInt());
          collectIds(add.get("node"), window, inside);
        }
      }
    }
    for (JsonNode change : d.path("texts")) {
      if (change instanceof ObjectNode t
          && t.path("id").isInt()
          && window.contains(t.path("id").asInt())
          && t.get("value") != null
          && t.get("value").isTextual()) {
        t.put("value", stars(t.get("value").asText()));
      }
    }
  }

  /** Adds the IDs in this node tree that are inside a form field to {@code out}. */
  private static void collectIds(JsonNode node, FormFieldIds.Window window, Deque<Integer> out) {
    if (!(node instanceof ObjectNode n)) {
      return;
    }
    if (n.path("id").isInt() && window.contains(n.path("id").asInt())) {
      out.push(n.path("id").asInt());
    }
    for (JsonNode child : n.path("childNodes")) {
      collectIds(child, window, out);
    }
  }

  /**
   * Walks a serialized rrweb node tree; text inside a form field (textarea content) is masked too,
   * and the IDs of form fields and their content, and every node's parent, are remembered for later
   * mutations.
   */
  private void maskFormValues(
      JsonNode node, boolean insideForm, FormFieldIds.Window window, int parentId) {
    if (!(node instanceof ObjectNode n)) {
      return;
    }
    int id = n.path("id").isInt() ? n.path("id").asInt() : NodeParents.UNKNOWN;
    if (id != NodeParents.UNKNOWN && parentId != NodeParents.UNKNOWN) {
      window.parent(id, parentId);
    }
    String tag = n.path("tagName").asText("").toLowerCase(java.util.Locale.ROOT);
    boolean form =
        insideForm || FORM_TAGS.contains(tag) || SensitiveAttributes.editable(n.get("attributes"));
    if (n.get("attributes") instanceof ObjectNode attrs) {
      SensitiveAttributes.mask(tag, attrs);
    }
    if (form
        && n.get("textContent") != null
        && n.get("textContent").isTextual()
        && !"option".equals(tag)) {
      n.put("textContent", stars(n.get("textContent").asText()));
    }
    boolean childrenInside = form && !"select".equals(tag);
    if (childrenInside && n.path("id").isInt()) {
      window.add(n.path("id").asInt());
    }
    JsonNode children = n.get("childNodes");
    if (children instanceof ArrayNode arr) {
      for (JsonNode child : arr) {
        maskFormValues(child, childrenInside, window, id);
      }
    }
  }

  private void maskPatterns(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isTextual()) {
          String masked = maskText(f.getValue().asText());
          if (masked != null) {
            f.setValue(TextNode.valueOf(masked));
          }
        } else if (f.getValue().isContainerNode()) {
          maskPatterns(f.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isTextual()) {
          String masked = maskText(v.asText());
          if (masked != null) {
            a.set(i, TextNode.valueOf(masked));
          }
        } else if (v.isContainerNode()) {
          maskPatterns(v);
        }
      }
    }
  }

  /** The text with sensitive matches masked, or null when nothing matched. */
  String maskText(String text) {
    String out = text;
    boolean changed = false;
    if (cards && digitCount(text) >= 13) {
      Matcher m = CARD.matcher(out);
      StringBuilder sb = new StringBuilder();
      int last = 0;
      while (m.find()) {
        if (luhn(m.group())) {
          sb.append(out, last, m.start()).append(stars(m.group()));
          last = m.end();
          changed = true;
        }
      }
      if (last > 0) {
        out = sb.append(out.substring(last)).toString();
      }
    }
    if (emails && out.indexOf('@') >= 0) {
      String replaced = replaceAll(EMAIL, out);
      changed |= !replaced.equals(out);
      out = replaced;
    }
    for (Pattern p : extra) {
      String replaced = replaceAll(p, out);
      changed |= !replaced.equals(out);
      out = replaced;
    }
    return changed ? out : null;
  }

  private static String replaceAll(Pattern p, String text) {
    Matcher m = p.matcher(text);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      sb.append(text, last, m.start()).append(stars(m.group()));
      last = m.end();
    }
    return last == 0 ? text : sb.append(text.substring(last)).toString();
  }

  private static int digitCount(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n++;
      }
    }
    return n;
  }

  static boolean luhn(String candidate) {
    int sum = 0;
    boolean dbl = false;
    int digits = 0;
    for (int i = candidate.length() - 1; i >= 0; i--) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
      digits++;
    }
    return digits >= 13 && sum % 10 == 0;
  }

  static String stars(String s) {
    return "*".repeat(s.length());
  }
}
