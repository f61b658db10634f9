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
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample of docs/sentry.md compiles against this module and the Sentry SDK. Statement
 * samples are compiled inside a method that has the variables the guide assumes ({@code options},
 * {@code sessionIdFromRequest}); a sample that is a method ({@code main}) is compiled inside a
 * class; a sample that declares a class is compiled as it is. A line that is only {@code ...}
 * stands for the reader's own code and is dropped. The Spring sample compiles against stand-ins for
 * {@code @Configuration} and {@code @Bean} (Spring is not a dependency of this module): that proves
 * the integration's part of it, the bean method, not Spring's.
 */
class DocsSamplesTest {
  static final Path GUIDE = Paths.get("../docs/sentry.md");
  static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  static final String SPRING_STUBS = "org.springframework.context.annotation";

  @Test
  void everyJavaSampleInTheSentryGuideCompiles() throws IOException {
    String guide = Files.readString(GUIDE);
    Matcher m = JAVA_BLOCK.matcher(guide);
    List<JavaFileObject> sources = new ArrayList<>();
    int samples = 0;
    while (m.find()) {
      String block = m.group(1);
      StringBuilder imports =
          new StringBuilder("import io.sentry.*;\nimport dev.replaylink.sentry.*;\n");
      StringBuilder body = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.trim().equals("...") || line.trim().equals("…")) {
          continue;
        }
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "Sample" + samples++;
      String source;
      if (body.toString().contains("@Bean")) {
        imports.append("import ").append(SPRING_STUBS).append(".*;\n");
        source = imports + body.toString();
      } else if (body.toString().stripLeading().startsWith("public static void main")) {
        source = imports + "class " + name + " {\n" + body + "}\n";
      } else {
        String optionsParam = block.contains("options ->") ? "outerOptions" : "options";
        source =
            imports
                + "class "
                + name
                + " {\n  static void sample(SentryOptions "
                + optionsParam
                + ", String sessionIdFromRequest) {\n"
                + body
                + "  }\n}\n";
      }
      sources.add(source(name, source));
    }
    assertEquals(
        5,
        samples,
        "the guide's Java samples: plain Java (2), scope tag, Spring Boot, Sentry's agent");
    sources.add(
        source(
            SPRING_STUBS.replace('.', '/') + "/Configuration",
            "package " + SPRING_STUBS + ";\npublic @interface Configuration {}\n"));
    sources.add(
        source(
            SPRING_STUBS.replace('.', '/') + "/Bean",
            "package " + SPRING_STUBS + ";\npublic @interface Bean {}\n"));

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("docs-samples");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean ok =
        compiler
            .getTask(
                null,
                null,
                diagnostics,
                List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"),
                null,
                sources)
            .call();
    StringBuilder errors = new StringBuilder();
    diagnostics
        .getDiagnostics()
        .forEach(
            d ->
                errors
                    .append(d.getSource() == null ? "" : d.getSource().getName())
                    .append(':')
                    .append(d.getLineNumber())
                    .append(' ')
                    .append(d.getMessage(Locale.ROOT))
                    .append('\n'));
    assertTrue(ok, "docs/sentry.md samples do not compile:\n" + errors);
    try (Stream<Path> classes = Files.walk(out)) {
      assertEquals(sources.size(), classes.filter(p -> p.toString().endsWith(".class")).count());
    }
  }

  private static JavaFileObject source(String name, String code) {
    return new SimpleJavaFileObject(
        URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
