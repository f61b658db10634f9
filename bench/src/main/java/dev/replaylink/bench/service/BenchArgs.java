package dev.replaylink.bench.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options with defaults; unknown names fail fast. */
public final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  private BenchArgs() {}

  public static BenchArgs parse(String[] args, String... known) {
    BenchArgs parsed = new BenchArgs();
    List<String> names = List.of(known);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Expected --name value pairs; got '" + a + "'. Known: " + names);
      }
      String name = a.substring(2);
      if (!names.contains(name)) {
        throw new IllegalArgumentException("Unknown option --" + name + ". Known: " + names);
      }
      parsed.values.put(name, args[++i]);
    }
    return parsed;
  }

  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  public Path path(String name, String fallback) {
    return Path.of(text(name, fallback));
  }

  /** Durations as {@code 20s}, {@code 2m} or {@code 500ms}. */
  Duration duration(String name, String fallback) {
    String v = text(name, fallback).trim();
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default ->
          throw new IllegalArgumentException(
              "--" + name + " must look like 20s, 2m or 500ms; got " + v);
    };
  }

  List<Integer> integers(String name, String fallback) {
    List<Integer> out = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      out.add(Integer.parseInt(part.trim()));
    }
    return out;
  }

  /** Databases to run against: {@code h2}, {@code pg} or {@code both}. */
  List<String> databases(String fallback) {
    String v = text("db", fallback);
    return v.equals("both") ? List.of("h2", "pg") : List.of(v);
  }
}
