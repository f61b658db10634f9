package dev.replaylink.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code blocked-url-patterns} match as the snippet's {@code excludeUrls}: one table ({@code
 * url-patterns.json}, which agent-snippet's url-patterns.test.js runs through the snippet) runs
 * through {@link UrlPattern} here, and the examples of docs/snippet.md and docs/configuration.md
 * are rows of that table with the same answer.
 */
class UrlPatternTableTest {
  private static final Path DOCS = Path.of("").toAbsolutePath().resolveSibling("docs");
  private static final String MARKER = "<!-- url-pattern-examples";
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*(yes|no)\\s*\\|\\s*$");

  record Example(String pattern, String url, boolean blocked) {}

  static List<Example> table(boolean docOnly) throws IOException {
    try (InputStream in = UrlPatternTableTest.class.getResourceAsStream("/url-patterns.json")) {
      List<Example> out = new ArrayList<>();
      for (JsonNode e : TestObjects.JSON.readTree(in).get("examples")) {
        if (!docOnly || e.path("doc").asBoolean()) {
          out.add(
              new Example(
                  e.get("pattern").asText(), e.get("url").asText(), e.get("blocked").asBoolean()));
        }
      }
      return out;
    }
  }

  @Test
  void everyExampleOfTheSharedTableIsBlockedOrNotAsTheSnippetDoes() throws IOException {
    List<Example> examples = table(false);
    assertTrue(examples.size() >= 15, "examples: " + examples.size());
    for (Example e : examples) {
      assertEquals(
          e.blocked(),
          UrlPattern.parse(e.pattern()).matches(e.url()),
          e.pattern() + " on " + e.url());
    }
  }

  @Test
  void theDocsShowTheSameExamplesAsTheTable() throws IOException {
    Set<Example> expected = new LinkedHashSet<>(table(true));
    for (String doc : List.of("snippet.md", "configuration.md")) {
      assertEquals(
          List.copyOf(expected),
          docExamples(doc),
          "the examples table of docs/" + doc + " (rows with doc=true in url-patterns.json)");
    }
  }

  @Test
  void patternsWrittenAsWholeUrlRegularExpressionsIn01KeepBlockingWhatTheyBlocked() {
    UrlPattern legacy = UrlPattern.parse(".*/checkout/payment.*");
    for (String url :
        List.of(
            "https://shop.example.com/checkout/payment",
            "https://shop.example.com/checkout/payment?step=card",
            "http://127.0.0.1:8080/en/checkout/payment/3ds")) {
      assertEquals(url.matches(".*/checkout/payment.*"), legacy.matches(url), url);
      assertTrue(legacy.matches(url), url);
    }
    assertFalse(legacy.matches("https://shop.example.com/checkout/cart"));
    UrlPattern anchored = UrlPattern.parse("https://shop\\.example\\.com/(account|orders)/.*");
    assertTrue(anchored.matches("https://shop.example.com/orders/17"));
    assertFalse(
        anchored.matches("https://evil.example/?u=https://shop.example.com/orders/17"),
        "still anchored at both ends, as in 0.1");
    assertTrue(anchored.describe().contains("over the whole URL"), anchored.describe());
  }

  @Test
  void startUpDescriptionSaysHowEachPatternMatches() {
    assertEquals("page URLs containing \"/payment\"", UrlPattern.parse("/payment").describe());
    assertEquals(
        "regular expression ^https://admin\\. found anywhere in the page URL",
        UrlPattern.parse("/^https://admin\\./").describe());
    assertEquals(
        "page URLs containing \"?step=payment\"",
        UrlPattern.parse("?step=payment").describe(),
        "not a regular expression");
  }

  @Test
  void emptyOrInvalidRegularExpressionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse(""));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse("/checkout(/"));
    assertTrue(e.getMessage().contains("/checkout(/"), e.getMessage());
  }

  private static List<Example> docExamples(String doc) throws IOException {
    List<String> lines = Files.readAllLines(DOCS.resolve(doc), StandardCharsets.UTF_8);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(MARKER)) {
        assertEquals(-1, start, "one examples table in docs/" + doc);
        start = i;
      }
    }
    assertTrue(start >= 0, "docs/" + doc + " has no " + MARKER + " table");
    List<Example> out = new ArrayList<>();
    for (int i = start + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher m = ROW.matcher(lines.get(i));
      assertTrue(
          m.matches(), "docs/" + doc + ":" + (i + 1) + " is not | `pattern` | `url` | yes/no |");
      out.add(new Example(m.group(1), m.group(2), m.group(3).equals("yes")));
    }
    return out;
  }
}
