package dev.replaylink.service.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.core.naming.NameUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the reference docs honest: every HTTP route of the service's controllers must appear in
 * {@code docs/api.md} as {@code METHOD /path}, every {@code METHOD /path} that api.md names
 * (outside code blocks) must be served, and every configuration key the service defines must appear
 * in {@code docs/configuration.md} with the env form and the shipped default of application.yml.
 * The guides of the other modules are held to their code the same way: the otel-extension's {@code
 * otel.replaylink.*} keys, the Sentry integration's {@code REPLAYLINK_*} variables and the
 * snippet's {@code init} options. Routes and keys are read from the sources (no server), so adding,
 * renaming or removing an endpoint or a setting without updating the docs fails here with the exact
 * list of what is missing.
 *
 * <p>Sources scanned: {@code src/main/java} (Micronaut {@code @Controller} prefixes with
 * {@code @Get/@Post/@Put/@Patch/@Delete/@Options/@Head}; {@code @ConfigurationProperties} and
 * {@code @EachProperty} classes, their setters and non-private fields in kebab-case, {@code <name>}
 * for each-property entries; {@code ${key}} placeholders, {@code @Requires(property = …)} and
 * {@code @Property(name = …)}) and {@code src/main/resources/application.yml} (every leaf key).
 */
class ReferenceDocsTest {
  private static final Pattern CONTROLLER =
      Pattern.compile("@(?:io\\.micronaut\\.http\\.annotation\\.)?Controller\\b");
  private static final Pattern ROUTE =
      Pattern.compile(
          "@(?:io\\.micronaut\\.http\\.annotation\\.)?(Get|Post|Put|Patch|Delete|Options|Head)\\b");
  private static final Pattern CONFIG =
      Pattern.compile(
          "@(?:io\\.micronaut\\.context\\.annotation\\.)?(ConfigurationProperties|EachProperty)\\b");
  private static final Pattern SETTER =
      Pattern.compile("\\bvoid\\s+set([A-Z]\\w*)\\s*\\(\\s*[^)]+\\)");
  private static final Pattern FIELD =
      Pattern.compile(
          "(?m)^\\s*((?:public|protected|private|static|final|transient|volatile)\\s+)*[\\w.<>,?\\[\\] ]+?\\s+(\\w+)\\s*(=[^;]*)?;");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z0-9._\\-\\[\\]]+)(?::[^}]*)?}");
  private static final Pattern REQUIRES_PROPERTY =
      Pattern.compile("@(?:\\w+\\.)*Requires\\s*\\([^)]*\\bproperty\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern PROPERTY_NAME =
      Pattern.compile("@(?:\\w+\\.)*Property\\s*\\([^)]*\\bname\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern STRING_CONSTANT =
      Pattern.compile("\\bstatic\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");
  private static final Pattern DOCUMENTED_ROUTE =
      Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (/[A-Za-z0-9_/{}.\\-]*)");
  private static final Set<String> HTTP_IMPORTS = Set.of("io.micronaut.http.annotation");

  private static Path moduleDir;
  private static Path repoDir;
  private static Map<Path, String> sources;
  private static Map<String, String> constants;

  @BeforeAll
  static void readSources() throws IOException {
    Path here = Path.of("").toAbsolutePath();
    moduleDir =
        Files.isDirectory(here.resolve("src/main/java/dev/replaylink/service"))
            ? here
            : here.resolve("replay-service");
    repoDir = moduleDir.getParent();
    assertTrue(
        Files.isDirectory(moduleDir.resolve("src/main/java")),
        "replay-service sources not found from " + here);
    sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(moduleDir.resolve("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.put(f, stripComments(Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    constants = new HashMap<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String cls = e.getKey().getFileName().toString().replace(".java", "");
      Matcher m = STRING_CONSTANT.matcher(e.getValue());
      while (m.find()) {
        constants.put(cls + "." + m.group(1), m.group(2));
        constants.putIfAbsent(m.group(1), m.group(2));
      }
    }
  }

  @Test
  void everyControllerRouteIsInApiReference() throws IOException {
    Map<String, String> routes = routes();
    assertTrue(
        routes.containsKey("POST /api/v1/ingest"),
        "route scan is broken; found only " + routes.keySet());
    String doc = read("docs/api.md");
    List<String> missing = new ArrayList<>();
    routes.forEach(
        (route, where) -> {
          if (!mentions(doc, route, "[A-Za-z0-9_/{}.\\-]")) {
            missing.add(route + "   (" + where + ")");
          }
        });
    if (!missing.isEmpty()) {
      fail(
          "docs/api.md does not document "
              + missing.size()
              + " route(s); write each as 'METHOD /path' with {variables}:\n  "
              + String.join("\n  ", missing));
    }
  }

  /** Outside code blocks (whose examples may name the application's own routes). */
  @Test
  void apiReferenceNamesOnlyRoutesTheServiceHas() throws IOException {
    Set<String> routes = routes().keySet();
    List<String> served = servedOutsideControllers();
    String doc = read("docs/api.md").replaceAll("(?s)```.*?```", "");
    List<String> unknown = new ArrayList<>();
    Matcher m = DOCUMENTED_ROUTE.matcher(doc);
    while (m.find()) {
      String path = m.group(2).replaceAll("\\.+$", "");
      String route = m.group(1) + " " + path;
      boolean known =
          routes.contains(route)
              || served.stream()
                  .anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p));
      if (!known && !unknown.contains(route)) {
        unknown.add(route);
      }
    }
    if (!unknown.isEmpty()) {
      fail(
          "docs/api.md names "
              + unknown.size()
              + " route(s) the service does not serve (renamed or removed?):\n  "
              + String.join("\n  ", unknown));
    }
  }

  @Test
  void everyConfigurationKeyIsInConfigurationReference() throws IOException {
    Map<String, String> keys = new TreeMap<>();
    keys.putAll(configClassKeys());
    keys.putAll(referencedKeys());
    applicationYmlKeys().forEach(k -> keys.putIfAbsent(k, "application.yml"));
    assertTrue(
        keys.containsKey("replaylink.public-url"),
        "configuration scan is broken; found only " + keys.keySet());
    String doc = read("docs/configuration.md");
    List<String> missing = new ArrayList<>();
    keys.forEach(
        (key, where) -> {
          if (!mentions(doc, key, "[A-Za-z0-9_.\\-]")) {
            missing.add(key + "   (" + where + ")");
          }
        });
    if (!missing.isEmpty()) {
      fail(
          "docs/configuration.md does not document "
              + missing.size()
              + " configuration key(s):\n  "
              + String.join("\n  ", missing));
    }
  }

  /**
   * Each row's env column is the key's environment form, and its default is the shipped
   * application.yml's value.
   */
  @Test
  void configurationReferenceDefaultsAndEnvNamesMatchApplicationYml() throws IOException {
    Map<String, Object> shipped = applicationYmlValues();
    List<String> wrong = new ArrayList<>();
    int checkedDefaults = 0;
    for (List<String> row : tableRows(read("docs/configuration.md"), "key")) {
      Map<String, String> cells = cellsByHeader(row);
      String key = firstCode(cells.get("key"));
      if (key == null || !key.contains(".")) {
        continue;
      }
      String env = firstCode(cells.get("env var"));
      String expectedEnv = key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.\\-]", "_");
      if (cells.containsKey("env var") && !expectedEnv.equals(env)) {
        wrong.add(
            key + ": env column says " + env + ", the key's environment form is " + expectedEnv);
      }
      String documented = cells.get("default");
      if (documented != null && shipped.containsKey(key)) {
        checkedDefaults++;
        String value = String.valueOf(shipped.get(key));
        boolean empty = value.isEmpty() || value.equals("[]");
        java.util.regex.Matcher ref =
            java.util.regex.Pattern.compile("\\$\\{([a-z0-9.\\-]+):[^}]*}").matcher(value);
        // a default that follows another key must say which key it follows
        boolean ok =
            ref.matches()
                ? documented.contains("`" + ref.group(1) + "`")
                : empty
                    ? documented.trim().startsWith("empty")
                    : value.equals(firstCode(documented));
        if (!ok) {
          wrong.add(
              key
                  + ": default column says '"
                  + documented.trim()
                  + "', application.yml has '"
                  + value
                  + "'");
        }
      }
    }
    assertTrue(
        checkedDefaults >= 20,
        "default check is broken; compared only " + checkedDefaults + " rows");
    if (!wrong.isEmpty()) {
      fail(
          "docs/configuration.md disagrees with application.yml:\n  " + String.join("\n  ", wrong));
    }
  }

  /**
   * The otel.replaylink.* keys the extension reads, and the ones its guide's table lists, are the
   * same.
   */
  @Test
  void otelExtensionKeysMatchItsGuide() throws IOException {
    Set<String> inCode =
        stringsIn(
            repoDir.resolve("otel-extension/src/main/java"),
            Pattern.compile("\"(otel\\.replaylink\\.[a-z0-9.\\-]+)\""));
    assertTrue(
        inCode.contains("otel.replaylink.url"),
        "otel-extension key scan is broken; found " + inCode);
    Map<String, String> documented = new TreeMap<>();
    for (List<String> row : tableRows(read("docs/otel-extension.md"), "key")) {
      String key = firstCode(row.get(0));
      if (key != null && key.startsWith("otel.replaylink.")) {
        documented.put(key, row.size() > 1 ? firstCode(row.get(1)) : null);
      }
    }
    assertSameNames(
        "docs/otel-extension.md's configuration table",
        "otel-extension",
        inCode,
        documented.keySet());
    List<String> wrongEnv = new ArrayList<>();
    documented.forEach(
        (key, env) -> {
          String expected = key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.\\-]", "_");
          if (!expected.equals(env)) {
            wrongEnv.add(key + ": " + env + " instead of " + expected);
          }
        });
    assertTrue(
        wrongEnv.isEmpty(),
        "docs/otel-extension.md env names:\n  " + String.join("\n  ", wrongEnv));
  }

  /**
   * The REPLAYLINK_* variables fromEnvironment() reads are the ones docs/sentry.md's configuration
   * table lists.
   */
  @Test
  void sentryIntegrationEnvironmentVariablesMatchItsGuide() throws IOException {
    Set<String> inCode =
        stringsIn(
            repoDir.resolve("sentry-integration/src/main/java"),
            Pattern.compile(
                "static\\s+final\\s+String\\s+ENV_\\w+\\s*=\\s*\"(REPLAYLINK_[A-Z_]+)\""));
    assertTrue(
        inCode.contains("REPLAYLINK_URL"),
        "sentry-integration env scan is broken; found " + inCode);
    Set<String> documented = new java.util.TreeSet<>();
    for (List<String> row : tableRows(read("docs/sentry.md"), "builder")) {
      Matcher m =
          Pattern.compile("`(REPLAYLINK_[A-Z_]+)`")
              .matcher(cellsByHeader(row).getOrDefault("env var (`fromEnvironment`)", ""));
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    assertSameNames(
        "docs/sentry.md's configuration table",
        "ReplaylinkIntegration.fromEnvironment()",
        inCode,
        documented);
  }

  /**
   * The options Replaylink.init() validates or defaults are the ones docs/snippet.md's options
   * table lists.
   */
  @Test
  void snippetOptionsMatchItsGuide() throws IOException {
    String options =
        Files.readString(
            repoDir.resolve("agent-snippet/src/recorder/options.js"), StandardCharsets.UTF_8);
    Set<String> inCode = new java.util.TreeSet<>();
    Matcher defaults =
        Pattern.compile("(?s)export const DEFAULTS = \\{(.*?)\\n};").matcher(options);
    assertTrue(defaults.find(), "DEFAULTS not found in options.js");
    Matcher key = Pattern.compile("(?m)^\\s*(\\w+):").matcher(defaults.group(1));
    while (key.find()) {
      inCode.add(key.group(1));
    }
    for (Pattern p :
        List.of(Pattern.compile("option '(\\w+)'"), Pattern.compile("\\bo\\.(\\w+)\\b"))) {
      Matcher m = p.matcher(options);
      while (m.find()) {
        inCode.add(m.group(1));
      }
    }
    Matcher loop = Pattern.compile("for \\(const \\w+ of \\[([^\\]]*)]").matcher(options);
    while (loop.find()) {
      Matcher m = Pattern.compile("'(\\w+)'").matcher(loop.group(1));
      while (m.find()) {
        inCode.add(m.group(1));
      }
    }
    assertTrue(
        inCode.containsAll(List.of("endpoint", "key", "privacy", "replayBaseUrl")),
        "snippet option scan is broken; found " + inCode);
    Set<String> documented = new java.util.TreeSet<>();
    for (List<String> row : tableRows(read("docs/snippet.md"), "option")) {
      String name = firstCode(row.get(0));
      if (name != null) {
        documented.add(name);
      }
    }
    assertSameNames(
        "docs/snippet.md's options table",
        "agent-snippet/src/recorder/options.js",
        inCode,
        documented);
  }

  private static void assertSameNames(
      String doc, String code, Set<String> inCode, Set<String> documented) {
    List<String> problems = new ArrayList<>();
    inCode.stream()
        .filter(k -> !documented.contains(k))
        .forEach(k -> problems.add(k + " is read by " + code + " but missing from " + doc));
    documented.stream()
        .filter(k -> !inCode.contains(k))
        .forEach(k -> problems.add(k + " is in " + doc + " but " + code + " does not know it"));
    if (!problems.isEmpty()) {
      fail(String.join("\n  ", problems));
    }
  }

  /** Group 1 of every match in the .java files under {@code dir}, comments removed. */
  private static Set<String> stringsIn(Path dir, Pattern pattern) throws IOException {
    Set<String> out = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = pattern.matcher(stripComments(Files.readString(f, StandardCharsets.UTF_8)));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /**
   * The rows of every Markdown table whose first header cell is {@code firstHeader}; each row's
   * cells, preceded by a synthetic first row holding the headers (use {@link #cellsByHeader}).
   */
  static List<List<String>> tableRows(String doc, String firstHeader) {
    List<List<String>> rows = new ArrayList<>();
    List<String> headers = null;
    for (String line : doc.split("\n")) {
      if (!line.startsWith("|")) {
        headers = null;
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c :
          line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length())
              .split("(?<!\\\\)\\|", -1)) {
        cells.add(c.trim());
      }
      if (headers == null) {
        headers = cells.get(0).equals(firstHeader) ? cells : List.of();
      } else if (!headers.isEmpty() && !cells.get(0).startsWith("---")) {
        List<String> row = new ArrayList<>(cells);
        row.add(String.join("\u0000", headers));
        rows.add(row);
      }
    }
    return rows;
  }

  /** A row of {@link #tableRows} as header → cell. */
  static Map<String, String> cellsByHeader(List<String> row) {
    String[] headers = row.get(row.size() - 1).split("\u0000");
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < headers.length && i < row.size() - 1; i++) {
      cells.put(headers[i], row.get(i));
    }
    return cells;
  }

  /** The first `code` span of a Markdown cell, or null. */
  static String firstCode(String cell) {
    if (cell == null) {
      return null;
    }
    Matcher m = Pattern.compile("`([^`]*)`").matcher(cell);
    return m.find() ? m.group(1) : null;
  }

  /** Every leaf of the shipped application.yml, dotted key → value (lists as written, e.g. []). */
  static Map<String, Object> applicationYmlValues() throws IOException {
    try (InputStream in =
        Files.newInputStream(moduleDir.resolve("src/main/resources/application.yml"))) {
      Map<String, Object> out = new TreeMap<>();
      flattenValues("", new Yaml().load(in), out);
      return out;
    }
  }

  private static void flattenValues(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach(
          (k, v) -> flattenValues(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (!prefix.isEmpty()) {
      out.put(prefix, node == null ? "" : node);
    }
  }

  // ---- routes

  /** "METHOD /path" → where it is declared. */
  static Map<String, String> routes() {
    Map<String, String> routes = new TreeMap<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String src = e.getValue();
      if (!importsHttpAnnotations(src)) {
        continue;
      }
      List<Integer> controllers = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      Matcher c = CONTROLLER.matcher(src);
      while (c.find()) {
        String args = argsAt(src, c.end());
        controllers.add(c.start());
        prefixes.add(args == null ? "" : firstOr(uris(args, e.getKey()), ""));
      }
      if (controllers.isEmpty()) {
        continue;
      }
      Matcher r = ROUTE.matcher(src);
      while (r.find()) {
        String prefix = null;
        for (int i = 0; i < controllers.size(); i++) {
          if (controllers.get(i) < r.start()) {
            prefix = prefixes.get(i);
          }
        }
        if (prefix == null) {
          continue;
        }
        String args = argsAt(src, r.end());
        List<String> uris = args == null ? List.of("/") : uris(args, e.getKey());
        if (uris.isEmpty()) {
          uris = List.of("/");
        }
        for (String uri : uris) {
          routes.putIfAbsent(
              r.group(1).toUpperCase() + " " + path(prefix, uri), relative(e.getKey()));
        }
      }
    }
    return routes;
  }

  private static boolean importsHttpAnnotations(String src) {
    return HTTP_IMPORTS.stream().anyMatch(src::contains);
  }

  /**
   * The URIs of an annotation's arguments: its value, {@code uri}, {@code value} or {@code uris}.
   */
  private static List<String> uris(String args, Path file) {
    List<String> out = new ArrayList<>();
    Matcher named = Pattern.compile("\\b(uri|value|uris)\\s*=\\s*(\\{[^}]*}|[^,)]+)").matcher(args);
    boolean anyNamed = false;
    while (named.find()) {
      anyNamed = true;
      out.addAll(values(named.group(2), file));
    }
    if (!anyNamed) {
      String positional = args.contains("=") ? "" : args;
      out.addAll(values(positional, file));
    }
    return out;
  }

  /**
   * String literals or constants in an expression like {@code "/a"}, {@code {"/a", "/b"}}, {@code
   * Paths.A}.
   */
  private static List<String> values(String expr, Path file) {
    List<String> out = new ArrayList<>();
    String body = expr.trim();
    if (body.startsWith("{")) {
      body = body.substring(1, body.lastIndexOf('}') < 0 ? body.length() : body.lastIndexOf('}'));
    }
    for (String part : body.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
        out.add(p.substring(1, p.length() - 1));
      } else if (constants.containsKey(p)) {
        out.add(constants.get(p));
      } else {
        fail(
            "Cannot resolve '"
                + p
                + "' in an annotation of "
                + relative(file)
                + "; use a string literal or a static final String constant");
      }
    }
    return out;
  }

  /**
   * Joins a controller prefix and a route URI; drops RFC 6570 query parts and {var:regex} patterns.
   */
  static String path(String prefix, String uri) {
    String joined = "/" + prefix + "/" + uri;
    joined =
        joined
            .replaceAll("\\{[?&][^}]*}", "")
            .replaceAll("\\{(\\w+)(?::[^}]*)?}", "{$1}")
            .replaceAll("/+", "/");
    if (joined.length() > 1 && joined.endsWith("/")) {
      joined = joined.substring(0, joined.length() - 1);
    }
    return joined;
  }

  /**
   * Paths served without a controller: static-resource mappings of application.yml ({@code /sdk/**}
   * becomes the prefix {@code /sdk/}) and enabled management endpoints ({@code endpoints.health} →
   * {@code /health}, with its {@code /liveness} and {@code /readiness}).
   */
  @SuppressWarnings("unchecked")
  static List<String> servedOutsideControllers() throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in =
        Files.newInputStream(moduleDir.resolve("src/main/resources/application.yml"))) {
      Map<String, Object> root = new Yaml().load(in);
      Object router = path(root, "micronaut", "router", "static-resources");
      if (router instanceof Map<?, ?> resources) {
        for (Object r : resources.values()) {
          if (r instanceof Map<?, ?> res && res.get("mapping") instanceof String mapping) {
            out.add(mapping.replaceAll("\\*+$", ""));
          }
        }
      }
      if (root.get("endpoints") instanceof Map<?, ?> endpoints) {
        endpoints.forEach(
            (id, conf) -> {
              if (conf instanceof Map<?, ?> c && !Boolean.FALSE.equals(c.get("enabled"))) {
                out.add("/" + id);
                if ("health".equals(id)) {
                  // the health endpoint's own sub-routes (Micronaut's HealthEndpoint,
                  // HealthCheckType)
                  out.add("/health/liveness");
                  out.add("/health/readiness");
                }
              }
            });
      }
    }
    return out;
  }

  private static Object path(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String k : keys) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(k);
    }
    return node;
  }

  // ---- configuration

  /**
   * Keys of {@code @ConfigurationProperties} / {@code @EachProperty} classes → the class declaring
   * them.
   */
  static Map<String, String> configClassKeys() {
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String src = e.getValue();
      int[] depth = braceDepth(src);
      List<Integer> positions = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      Matcher c = CONFIG.matcher(src);
      while (c.find()) {
        String args = argsAt(src, c.end());
        String prefix = args == null ? "" : firstOr(uris(args, e.getKey()), "");
        if (c.group(1).equals("EachProperty")) {
          prefix = prefix + ".<name>";
        }
        int d = depth[c.start()];
        for (int i = prefixes.size() - 1; i >= 0; i--) {
          if (depth[positions.get(i)] == d - 1) {
            prefix = prefixes.get(i) + "." + prefix;
            break;
          }
        }
        positions.add(c.start());
        prefixes.add(prefix);
      }
      if (positions.isEmpty()) {
        continue;
      }
      List<Integer> members = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Matcher s = SETTER.matcher(src);
      while (s.find()) {
        members.add(s.start());
        names.add(NameUtils.hyphenate(NameUtils.decapitalize(s.group(1))));
      }
      Matcher f = FIELD.matcher(src);
      while (f.find()) {
        String modifiers = f.group(0);
        if (modifiers.matches("(?s)\\s*.*\\b(private|static|return|throw|package|import)\\b.*")) {
          continue;
        }
        members.add(f.start(2));
        names.add(NameUtils.hyphenate(f.group(2)));
      }
      for (int i = 0; i < members.size(); i++) {
        int at = members.get(i);
        String owner = null;
        for (int j = 0; j < positions.size(); j++) {
          if (positions.get(j) < at && depth[positions.get(j)] == depth[at] - 1) {
            owner = prefixes.get(j);
          }
        }
        if (owner != null) {
          keys.putIfAbsent(owner + "." + names.get(i), relative(e.getKey()));
        }
      }
    }
    return keys;
  }

  /**
   * Keys read through {@code ${key}} placeholders, {@code @Requires(property)} and
   * {@code @Property(name)}.
   */
  static Map<String, String> referencedKeys() {
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      for (Pattern p : List.of(PLACEHOLDER, REQUIRES_PROPERTY, PROPERTY_NAME)) {
        Matcher m = p.matcher(e.getValue());
        while (m.find()) {
          keys.putIfAbsent(m.group(1), relative(e.getKey()));
        }
      }
    }
    return keys;
  }

  /** Every leaf key of the shipped application.yml, dotted. */
  static List<String> applicationYmlKeys() throws IOException {
    try (InputStream in =
        Files.newInputStream(moduleDir.resolve("src/main/resources/application.yml"))) {
      Object root = new Yaml().load(in);
      List<String> keys = new ArrayList<>();
      flatten("", root, keys);
      return keys;
    }
  }

  private static void flatten(String prefix, Object node, List<String> out) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach(
          (k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (!prefix.isEmpty()) {
      out.add(prefix);
    }
  }

  // ---- helpers

  /**
   * Whether {@code doc} contains {@code text} not directly followed or preceded by a character of
   * {@code cont}.
   */
  static boolean mentions(String doc, String text, String cont) {
    return Pattern.compile("(?<!" + cont + ")" + Pattern.quote(text) + "(?!" + cont + ")")
        .matcher(doc)
        .find();
  }

  private static String read(String relativePath) throws IOException {
    Path p = repoDir.resolve(relativePath);
    assertTrue(Files.isRegularFile(p), relativePath + " is missing");
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static String relative(Path file) {
    return moduleDir.resolve("src/main/java").relativize(file).toString();
  }

  private static String firstOr(List<String> values, String fallback) {
    return values.isEmpty() ? fallback : values.get(0);
  }

  /** The text between the parentheses right after {@code from}, or null when there are none. */
  private static String argsAt(String src, int from) {
    int i = from;
    while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
      i++;
    }
    if (i >= src.length() || src.charAt(i) != '(') {
      return null;
    }
    int level = 0;
    boolean inString = false;
    for (int j = i; j < src.length(); j++) {
      char ch = src.charAt(j);
      if (inString) {
        if (ch == '\\') {
          j++;
        } else if (ch == '"') {
          inString = false;
        }
      } else if (ch == '"') {
        inString = true;
      } else if (ch == '(') {
        level++;
      } else if (ch == ')' && --level == 0) {
        return src.substring(i + 1, j);
      }
    }
    return null;
  }

  /** Brace nesting depth at each character, ignoring braces inside string and char literals. */
  private static int[] braceDepth(String src) {
    int[] depth = new int[src.length() + 1];
    int d = 0;
    char quote = 0;
    for (int i = 0; i < src.length(); i++) {
      char ch = src.charAt(i);
      depth[i] = d;
      if (quote != 0) {
        if (ch == '\\') {
          i++;
          if (i < src.length()) {
            depth[i] = d;
          }
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '{') {
        d++;
      } else if (ch == '}') {
        d--;
      }
    }
    depth[src.length()] = d;
    return depth;
  }

  /** Java source without comments (string, char and text-block literals kept intact). */
  static String stripComments(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    while (i < src.length()) {
      char ch = src.charAt(i);
      if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? src.length() : end + 3;
        out.append(src, i, end);
        i = end;
      } else if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != ch && src.charAt(j) != '\n') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, src.length());
        out.append(src, i, j);
        i = j;
      } else if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        i = end < 0 ? src.length() : end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        String comment = src.substring(i, end < 0 ? src.length() : end + 2);
        out.append(comment.replaceAll("[^\n]", " "));
        i = end < 0 ? src.length() : end + 2;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }
}
