package dev.replaylink.bench.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces, in docs/benchmarks.md, the rows between {@code <!-- bench:NAME -->} and {@code <!--
 * /bench:NAME -->} with bench/target/results/NAME.md, for every results file present. Everything
 * outside the markers (prose, other sections) is left as it is.
 */
public final class DocFigures {
  static final String SUMMARY_HEADER =
      "| figure | value | target | met | details | machine | date |\n|---|---|---|---|---|---|---|\n";

  private DocFigures() {}

  /**
   * The overview block: every benchmark's headline rows (files *.summary, "order<TAB>row"), sorted
   * by order. They replace the rows already there that link to the same details section (the fifth
   * cell); rows of benchmarks not run this time stay as they are. New rows take the place of the
   * first row they replace, or go to the end.
   */
  private static String replaceSummary(String text, Path results) throws IOException {
    java.util.TreeMap<String, String> rows = new java.util.TreeMap<>();
    try (var files = Files.list(results)) {
      for (Path file :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".summary"))::iterator) {
        for (String line : Files.readAllLines(file)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            rows.put(line.substring(0, tab) + "/" + rows.size(), line.substring(tab + 1));
          }
        }
      }
    }
    Pattern block = Pattern.compile("(<!-- bench:summary -->\\n)(?s:.*?)(<!-- /bench:summary -->)");
    Matcher m = block.matcher(text);
    if (rows.isEmpty() || !m.find()) {
      return text;
    }
    java.util.Set<String> sections = new java.util.HashSet<>();
    rows.values().forEach(r -> sections.add(details(r)));
    List<String> merged = new ArrayList<>();
    boolean placed = false;
    for (String line : m.group().split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| figure |")) {
        continue;
      }
      if (!sections.contains(details(line))) {
        merged.add(line);
      } else if (!placed) {
        merged.addAll(rows.values());
        placed = true;
      }
    }
    if (!placed) {
      merged.addAll(rows.values());
    }
    return m.replaceFirst(
        Matcher.quoteReplacement(
            m.group(1) + SUMMARY_HEADER + String.join("\n", merged) + "\n" + m.group(2)));
  }

  /** The details cell of an overview row: the section it links to. */
  private static String details(String row) {
    String[] cells = row.split(" \\| ");
    return cells.length > 4 ? cells[4].trim() : "";
  }

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args, "doc", "results");
    Path doc = a.path("doc", "docs/benchmarks.md");
    Path results = a.path("results", Figures.RESULTS.toString());
    String text = Files.readString(doc);
    int replaced = 0;
    try (var files = Files.list(results)) {
      for (Path file :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".md")).sorted()::iterator) {
        String name = file.getFileName().toString().replace(".md", "");
        Pattern block =
            Pattern.compile(
                "(<!-- bench:"
                    + Pattern.quote(name)
                    + " -->\\n)(?s:.*?)(<!-- /bench:"
                    + Pattern.quote(name)
                    + " -->)");
        Matcher m = block.matcher(text);
        if (!m.find()) {
          System.out.println("no <!-- bench:" + name + " --> block in " + doc + "; skipped");
          continue;
        }
        text =
            m.replaceFirst(
                Matcher.quoteReplacement(m.group(1) + Files.readString(file) + m.group(2)));
        replaced++;
      }
    }
    text = replaceSummary(text, results);
    Files.writeString(doc, text);
    System.out.println("updated " + replaced + " figure blocks in " + doc);
  }
}
