package dev.replaylink.service.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The examples in the docs work as written. The curl examples of docs/api.md and docs/quickstart.md
 * run in bash against this service, with {@code $BASE}, {@code $INGEST_KEY} and {@code $API_TOKEN}
 * (and the quickstart's {@code http://localhost:8080}, {@code rl_ik_…}, {@code rl_at_…}, {@code
 * <session id>}) set to it; every request must answer 2xx or 3xx. They run in the order of the
 * docs, deletions last (they remove what the others read). Every JSON and YAML block of docs/ must
 * parse. A block the tests cannot run or parse is preceded in the doc by {@code <!-- docs-test:
 * skip (why) -->}, which must say why.
 */
@MicronautTest
class DocsExamplesTest extends EmbeddedServiceTest {
  static final Pattern BLOCK =
      Pattern.compile(
          "(?:<!--\\s*docs-test:\\s*skip([^>]*)-->\\s*\\n)?```(\\w*)\\n(.*?)```", Pattern.DOTALL);
  static final String SESSION_ID = "0190f5e2-7a1b-7c3d-8e4f-123456789abc";

  record Block(String file, int line, String lang, String code, String skipReason) {}

  @Test
  void curlExamplesOfTheApiReferenceAndQuickstartAnswerSuccessfully() throws Exception {
    List<Block> blocks = new ArrayList<>();
    for (String doc : List.of("docs/api.md", "docs/quickstart.md")) {
      blocks.addAll(
          blocks(doc).stream()
              .filter(b -> b.lang().equals("bash") && b.code().contains("curl "))
              .toList());
    }
    blocks.sort(Comparator.comparing(b -> b.code().contains("-X DELETE")));
    assertTrue(blocks.size() >= 15, "curl examples found: " + blocks.size());
    Path dir = Files.createTempDirectory("docs-curl");
    String base = ownOrigin();
    List<String> failures = new ArrayList<>();
    int requests = 0;
    for (Block block : blocks) {
      if (block.skipReason() != null) {
        continue;
      }
      Path statuses = dir.resolve("statuses");
      Files.deleteIfExists(statuses);
      String code =
          block
              .code()
              .replace("http://localhost:8080", base)
              .replace("rl_ik_…", TestObjects.INGEST_KEY)
              .replace("rl_at_…", TestObjects.ADMIN_TOKEN)
              .replace("<session id>", SESSION_ID);
      String script =
          "set -u\n"
              + "BASE='"
              + base
              + "'; INGEST_KEY='"
              + TestObjects.INGEST_KEY
              + "'; API_TOKEN='"
              + TestObjects.ADMIN_TOKEN
              + "'\n"
              + "curl() { local h; h=$(mktemp); command curl -D \"$h\" \"$@\"; local rc=$?;\n"
              + "  echo \"$(grep -o '^HTTP/[0-9.]* [0-9]*' \"$h\" | tail -1 | cut -d' ' -f2) rc=$rc\" >> '"
              + statuses
              + "'; rm -f \"$h\"; return $rc; }\n"
              + code;
      // Output to a file, not a pipe read before waiting: an example that never ends must time out,
      // not hang the build.
      Path out = dir.resolve("output");
      Process p =
          new ProcessBuilder("bash", "-c", script)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      boolean ended = p.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertTrue(ended, block.file() + ":" + block.line() + " timed out: " + output);
      List<String> lines = Files.exists(statuses) ? Files.readAllLines(statuses) : List.of();
      long curls = code.lines().filter(l -> l.stripLeading().startsWith("curl ")).count();
      requests += lines.size();
      if (lines.size() != curls) {
        failures.add(
            block.file()
                + ":"
                + block.line()
                + " ran "
                + lines.size()
                + " of "
                + curls
                + " requests: "
                + output);
      }
      for (String line : lines) {
        if (!line.matches("[23]\\d\\d rc=0")) {
          failures.add(
              block.file()
                  + ":"
                  + block.line()
                  + " answered "
                  + line
                  + ":\n    "
                  + code.strip().lines().findFirst().orElse("")
                  + "\n    output: "
                  + output.strip());
        }
      }
    }
    assertTrue(
        failures.isEmpty(),
        "doc examples that do not work as written:\n  " + String.join("\n  ", failures));
    assertTrue(requests >= 15, "requests made: " + requests);
  }

  @Test
  void jsonAndYamlBlocksOfTheDocsParse() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> failures = new ArrayList<>();
    int parsed = 0;
    try (Stream<Path> docs = Files.list(repoDir().resolve("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        for (Block block : blocks("docs/" + doc.getFileName())) {
          if (block.skipReason() != null
              || !(block.lang().equals("json") || block.lang().equals("yaml"))) {
            continue;
          }
          try {
            if (block.lang().equals("json")) {
              json.readTree(block.code());
            } else {
              new Yaml().loadAll(block.code()).forEach(o -> {});
            }
            parsed++;
          } catch (Exception e) {
            failures.add(
                block.file()
                    + ":"
                    + block.line()
                    + " ("
                    + block.lang()
                    + "): "
                    + e.getMessage().lines().findFirst().orElse(""));
          }
        }
      }
    }
    assertTrue(
        failures.isEmpty(),
        "doc blocks that do not parse (fix them, or mark them <!-- docs-test: skip (why) -->):\n  "
            + String.join("\n  ", failures));
    assertTrue(parsed >= 10, "JSON/YAML blocks parsed: " + parsed);
  }

  /** The fenced blocks of a doc, with the skip marker and reason when one precedes the block. */
  static List<Block> blocks(String relativePath) throws IOException {
    String doc = Files.readString(repoDir().resolve(relativePath), StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      String reason = m.group(1) == null ? null : m.group(1).strip();
      if (reason != null && reason.replaceAll("[()\\s]", "").isEmpty()) {
        fail(relativePath + ": a docs-test skip marker must say why");
      }
      int line = (int) doc.substring(0, m.start(2)).lines().count();
      out.add(new Block(relativePath, line, m.group(2), m.group(3), reason));
    }
    return out;
  }

  static Path repoDir() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    assertEquals(true, Files.isDirectory(root.resolve("docs")), "docs/ not found from " + here);
    return root;
  }
}
