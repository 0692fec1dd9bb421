package io.sparksdg.prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The duplicate rule, in plain Java for one machine's worth of prompts (the Spark job applies the
 * same rule to the whole table): two prompts are duplicates when their normalized texts are equal
 * (similarity 1) or the Jaccard similarity of their shingles reaches the threshold. Every prompt
 * with a duplicate whose id is smaller is removed, recorded against the smallest such id, so the
 * prompt with the smallest id of a group survives and no two kept prompts are duplicates (up to LSH
 * recall).
 */
public final class Duplicates {

  /** A removed prompt, the smallest-id prompt it duplicates, and their similarity. */
  public record Duplicate(String promptId, String duplicateOf, double similarity) {}

  private Duplicates() {}

  public static List<Duplicate> find(
      Map<String, String> textById, MinHash minHash, double threshold) {
    Map<String, Set<Long>> shingles = new TreeMap<>();
    Map<String, List<String>> buckets = new HashMap<>();
    textById.forEach(
        (id, text) -> {
          Set<Long> s = minHash.shingles(text);
          shingles.put(id, s);
          for (String key : minHash.bandKeys(minHash.signature(s))) {
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
          }
          buckets.computeIfAbsent(MinHash.exactKey(text), k -> new ArrayList<>()).add(id);
        });
    Map<String, Duplicate> best = new TreeMap<>();
    for (List<String> ids : buckets.values()) {
      for (String x : ids) {
        for (String y : ids) {
          if (x.compareTo(y) >= 0) {
            continue;
          }
          double sim =
              MinHash.normalize(textById.get(x)).equals(MinHash.normalize(textById.get(y)))
                  ? 1.0
                  : MinHash.jaccard(shingles.get(x), shingles.get(y));
          Duplicate current = best.get(y);
          if (sim >= threshold && (current == null || x.compareTo(current.duplicateOf()) < 0)) {
            best.put(y, new Duplicate(y, x, sim));
          }
        }
      }
    }
    return List.copyOf(best.values());
  }
}
