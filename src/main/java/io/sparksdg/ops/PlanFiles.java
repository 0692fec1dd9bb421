package io.sparksdg.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The plan's reading of input files, and its rendering as a table. */
final class PlanFiles {

  private PlanFiles() {}

  /** Non-blank lines of a text file, optionally without {@code #} comments. */
  static long lines(String path, boolean skipComments) {
    try (Stream<String> s = Files.lines(Path.of(path), StandardCharsets.UTF_8)) {
      return s.map(String::strip)
          .filter(l -> !l.isEmpty() && !(skipComments && l.startsWith("#")))
          .count();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("Cannot read " + path + ": " + e.getMessage() + "; check the path");
    }
  }

  /** {count, total tokens} of a closed Q&A corpus: a folder of .txt files or a JSONL file. */
  static long[] documents(String path) {
    Path p = Path.of(path);
    try {
      if (Files.isDirectory(p)) {
        long n = 0;
        long tokens = 0;
        try (Stream<Path> files = Files.list(p)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
            n++;
            tokens += RunPlan.tokens(Files.readString(f, StandardCharsets.UTF_8).strip());
          }
        }
        return new long[] {n, tokens};
      }
      ObjectMapper json = new ObjectMapper();
      long n = 0;
      long tokens = 0;
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          n++;
          tokens += RunPlan.tokens(json.readTree(line).path("text").asText());
        }
      }
      return new long[] {n, tokens};
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot read prompts.families.closed-qa.documents " + path + ": " + e.getMessage());
    }
  }

  /**
   * {count, total prompt tokens} of an imported JSONL file: its non-blank lines and their prompt
   * text; {0, 0} with a note when it is not a local file.
   */
  static long[] importedPrompts(String path, List<String> notes) {
    Path file = Path.of(path.replaceFirst("^file:(//)?", ""));
    if (!Files.isRegularFile(file)) {
      notes.add("Cannot count " + path + " (not a local file): counted as 0 prompts.");
      return new long[] {0, 0};
    }
    ObjectMapper json = new ObjectMapper();
    long count = 0;
    long tokens = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        count++;
        tokens += RunPlan.tokens(promptText(json, line));
      }
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + path + ": " + e.getMessage());
    }
    return new long[] {count, tokens};
  }

  private static String promptText(ObjectMapper json, String line) {
    try {
      JsonNode node = json.readTree(line);
      for (String field : List.of("prompt", "question")) {
        if (node.path(field).isTextual()) {
          return node.path(field).asText();
        }
      }
      StringBuilder b = new StringBuilder();
      for (JsonNode m : node.path(node.has("messages") ? "messages" : "prompt")) {
        b.append(m.path("content").asText());
      }
      return b.length() > 0 ? b.toString() : line;
    } catch (IOException e) {
      return line; // a bad line fails at import; here it just counts
    }
  }

  /** The plan as a table, one line per stage and endpoint, then the total and the notes. */
  static String table(
      List<RunPlan.Line> lines, long totalRequests, double totalCostUsd, List<String> notes) {
    String format = "%-41s %-10s %-24s %9s %14s %18s %10s%n";
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            format,
            "stage",
            "endpoint",
            "model",
            "requests",
            "prompt-tokens",
            "completion-tokens",
            "cost-usd"));
    long p = 0;
    long c = 0;
    for (RunPlan.Line l : lines) {
      b.append(
          String.format(
              Locale.ROOT,
              format,
              l.stage(),
              l.endpoint(),
              l.model(),
              l.requests(),
              l.promptTokens(),
              l.completionTokens(),
              String.format(Locale.ROOT, "%.4f", l.costUsd())));
      p += l.promptTokens();
      c += l.completionTokens();
    }
    b.append(
        String.format(
            Locale.ROOT,
            format,
            "total",
            "",
            "",
            totalRequests,
            p,
            c,
            String.format(Locale.ROOT, "%.4f", totalCostUsd)));
    b.append(
        "Estimates: prompt tokens = characters / "
            + RunPlan.CHARS_PER_TOKEN
            + "; completion tokens = each endpoint's expected-output-tokens (else max-tokens);"
            + " cost from endpoints.<name>.price, per million tokens.\n");
    notes.forEach(n -> b.append(n).append('\n'));
    return b.toString();
  }
}
