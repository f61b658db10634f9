package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Java samples of docs/sentry.md compile against this module and the Sentry SDK: statement
 * samples are compiled inside a method that has the variables the guide assumes ({@code options},
 * {@code sessionIdFromRequest}). Samples that need another framework (Spring) or elide code are
 * counted as skipped, and at least the setup samples must have compiled.
 */
class DocsSamplesTest {
  static final Path GUIDE = Paths.get("../docs/sentry.md");
  static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void javaSamplesInTheSentryGuideCompile() throws IOException {
    String guide = Files.readString(GUIDE);
    Matcher m = JAVA_BLOCK.matcher(guide);
    List<JavaFileObject> sources = new ArrayList<>();
    int skipped = 0;
    int i = 0;
    while (m.find()) {
      String block = m.group(1);
      if (block.contains("@Bean") || block.contains("...") || block.contains("…")) {
        skipped++;
        continue;
      }
      StringBuilder imports = new StringBuilder("import io.sentry.*;\nimport dev.replaylink.sentry.*;\n");
      StringBuilder body = new StringBuilder();
      for (String line : block.split("\n")) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "Sample" + i++;
      String optionsParam = block.contains("options ->") ? "outerOptions" : "options";
      String source = imports + "class " + name + " {\n  static void sample(SentryOptions " + optionsParam
          + ", String sessionIdFromRequest) {\n" + body + "  }\n}\n";
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      });
    }
    assertTrue(sources.size() >= 3, "the guide's setup samples were found: " + sources.size() + " (skipped " + skipped + ")");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("docs-samples");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean ok = compiler.getTask(null, null, diagnostics, List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"), null, sources).call();
    StringBuilder errors = new StringBuilder();
    diagnostics.getDiagnostics().forEach(d -> errors.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
        .append(d.getLineNumber()).append(' ').append(d.getMessage(Locale.ROOT)).append('\n'));
    assertTrue(ok, "docs/sentry.md samples do not compile:\n" + errors);
    assertEquals(sources.size(), Files.list(out).filter(p -> p.toString().endsWith(".class")).count());
  }
}
