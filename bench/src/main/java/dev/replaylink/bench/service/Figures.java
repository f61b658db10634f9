package dev.replaylink.bench.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of the figures table in docs/benchmarks.md, written by each benchmark to {@code
 * bench/target/results/<section>.md} and merged into the page by {@link DocFigures}. Columns:
 * figure | value | baseline | ratio | target | machine | date | command.
 */
final class Figures {
  static final Path RESULTS = Path.of("bench", "target", "results");
  static final String MACHINE = machine();
  static final String HEADER =
      "| figure | value | baseline | ratio | target | machine | date | command |\n"
          + "|---|---|---|---|---|---|---|---|\n";

  private final String section;
  private final String command;
  private final List<String> rows = new ArrayList<>();
  private final List<String> headlines = new ArrayList<>();

  Figures(String section, String command) {
    this.section = section;
    this.command = command;
  }

  Figures row(String figure, String value, String baseline, String ratio, String target) {
    rows.add(
        "| "
            + String.join(
                " | ",
                cell(figure),
                cell(value),
                cell(baseline),
                cell(ratio),
                cell(target),
                MACHINE,
                LocalDate.now(ZoneOffset.UTC).toString(),
                "`" + cell(command) + "`")
            + " |");
    return this;
  }

  /**
   * A row of the overview table at the top of the page ({@code order} sorts it among all
   * benchmarks' rows): figure | value | target | met | where the details are.
   */
  Figures headline(
      String order, String figure, String value, String target, Boolean met, String details) {
    headlines.add(
        order
            + "\t| "
            + String.join(
                " | ",
                figure,
                value,
                target,
                met == null ? "–" : met ? "yes" : "**no**",
                details,
                MACHINE,
                LocalDate.now(ZoneOffset.UTC).toString())
            + " |");
    return this;
  }

  void write() throws IOException {
    Files.createDirectories(RESULTS);
    Files.writeString(
        RESULTS.resolve(section + ".summary"),
        headlines.isEmpty() ? "" : String.join("\n", headlines) + "\n");
    Path file = RESULTS.resolve(section + ".md");
    Files.writeString(file, HEADER + String.join("\n", rows) + "\n");
    System.out.println();
    rows.forEach(System.out::println);
    System.out.println(
        "(rows written to " + file + "; bench/run-all.sh merges them into docs/benchmarks.md)");
  }

  /** A table cell: a '|' would end the cell, even inside backticks. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  static String ratio(double value, double baseline) {
    return baseline > 0 ? f("%.2f×", value / baseline) : "–";
  }

  private static String machine() {
    long memBytes = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memBytes = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: leave memory out
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return memBytes > 0
        ? f("%d cores, %.0f GiB", cores, memBytes / (1024.0 * 1024 * 1024))
        : cores + " cores";
  }
}
