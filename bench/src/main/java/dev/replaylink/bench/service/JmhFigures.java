package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into rows of the figures table (section {@code
 * jmh}): one row per benchmark and mode, the score with its error, and for sample mode the median.
 * The benchmarks themselves (span processors, Sentry event processor) live in the {@code otel} and
 * {@code sentry} packages; their sections in docs/benchmarks.md explain them.
 */
public final class JmhFigures {
  private JmhFigures() {}

  /**
   * Overview rows from the sample-mode medians (µs), for the benchmarks named in the page's
   * sections.
   */
  private static void headlines(Figures figures, java.util.Map<String, Double> p50) {
    Double bare = p50.get("childSpanBareSdk");
    Double ours = p50.get("childSpanWithReplaylink");
    if (bare != null && ours != null) {
      figures.headline(
          "5a",
          "Span processors: child span with session baggage vs bare SDK (JMH sample median)",
          Figures.f("%.2f µs vs %.2f µs (%.2f×)", ours, bare, ours / bare),
          "≤ 1.1×",
          ours <= 1.1 * bare,
          "[OpenTelemetry extension](#opentelemetry-extension-span-overhead)");
    }
    Double sentry = p50.get("sessionFromRequestBaggageAndReport");
    if (sentry != null) {
      figures.headline(
          "5b",
          "Sentry event processor: link and report one event (JMH sample median)",
          Figures.f("%.2f µs", sentry),
          "< 5 µs",
          sentry < 5,
          "[Sentry integration](#sentry-integration)");
    }
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "json");
    Path json = a.path("json", "bench/target/results/jmh.json");
    Figures figures =
        new Figures(
            "jmh",
            "java -jar bench/target/benchmarks.jar 'dev.replaylink.bench.(otel|sentry)' -f 1 -wi 2 -i 3 -w 1s -r 1s");
    java.util.Map<String, Double> p50 = new java.util.HashMap<>();
    for (JsonNode run : RecordingFixture.JSON.readTree(json.toFile())) {
      String name = run.get("benchmark").asText().replace("dev.replaylink.bench.", "");
      String mode = run.get("mode").asText();
      JsonNode metric = run.get("primaryMetric");
      String unit = metric.get("scoreUnit").asText();
      String value =
          Figures.f(
              "%.3f ± %.3f %s",
              metric.get("score").asDouble(), metric.get("scoreError").asDouble(), unit);
      JsonNode pct = metric.get("scorePercentiles");
      if (mode.equals("sample") && pct != null && pct.has("50.0")) {
        p50.put(
            name.substring(name.lastIndexOf('.') + 1),
            pct.get("50.0").asDouble() / ("ns/op".equals(unit) ? 1000.0 : 1.0));
        value =
            Figures.f(
                "p50 %.3f %s, p90 %.3f %s (mean %.3f)",
                pct.get("50.0").asDouble(),
                unit,
                pct.get("90.0").asDouble(),
                unit,
                metric.get("score").asDouble());
      }
      figures.row("JMH " + name + " (" + mode + ")", value, "", "", "");
    }
    headlines(figures, p50);
    figures.write();
  }
}
