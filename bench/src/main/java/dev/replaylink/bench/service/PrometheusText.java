package dev.replaylink.bench.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus text exposition ({@code GET /prometheus}): the samples as name, labels
 * and value, comments and {@code # HELP}/{@code # TYPE} lines skipped.
 */
final class PrometheusText {
  record Sample(String name, String labels, double value) {}

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  static PrometheusText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String name;
      String labels = "";
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        labels = line.substring(brace + 1, line.lastIndexOf('}'));
      } else {
        name = line.substring(0, line.indexOf(' '));
      }
      try {
        out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
      } catch (NumberFormatException notAValue) {
        // a timestamp column or a malformed line: not a sample this reader needs
      }
    }
    return new PrometheusText(out);
  }

  /** The sum of {@code name}'s samples whose labels pass {@code labels}; NaN when none. */
  double sum(String name, Predicate<String> labels) {
    double total = 0;
    boolean any = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && labels.test(s.labels())) {
        total += s.value();
        any = true;
      }
    }
    return any ? total : Double.NaN;
  }

  double sum(String name) {
    return sum(name, l -> true);
  }
}
