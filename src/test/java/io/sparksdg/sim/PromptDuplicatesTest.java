package io.sparksdg.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.prompts.Duplicates;
import io.sparksdg.prompts.ListReplies;
import io.sparksdg.prompts.MinHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The duplicate rule against the simulator's lists with a fifth of items repeated. */
class PromptDuplicatesTest {

  @Test
  void leavesUnderOnePercentNearDuplicatesAmongKeptPromptsAndRecordsEveryRemovedOne()
      throws Exception {
    JsonNode schema = new ObjectMapper().readTree(ListReplies.schema("questions", 8));
    Map<String, String> texts = new LinkedHashMap<>();
    for (int request = 0; request < 150; request++) {
      JsonNode reply = new SchemaFiller(schema, new SplittableRandom(request), 0.2, 7).fill();
      int i = 0;
      for (JsonNode item : reply.get("questions")) {
        texts.put(String.format("p%03d-%d", request, i++), item.asText());
      }
    }
    MinHash minHash = new MinHash(128, 32, 5, 42);
    double threshold = 0.7;
    List<Duplicates.Duplicate> removed = Duplicates.find(texts, minHash, threshold);

    Map<String, String> kept = new LinkedHashMap<>(texts);
    removed.forEach(d -> kept.remove(d.promptId()));
    // Brute force over the kept prompts: how many still have a near-duplicate among them.
    List<String> ids = new ArrayList<>(kept.keySet());
    List<Set<Long>> shingles = ids.stream().map(id -> minHash.shingles(kept.get(id))).toList();
    int withDuplicate = 0;
    for (int i = 0; i < ids.size(); i++) {
      for (int j = 0; j < ids.size(); j++) {
        if (i != j && MinHash.jaccard(shingles.get(i), shingles.get(j)) >= threshold) {
          withDuplicate++;
          break;
        }
      }
    }
    assertThat(texts).hasSizeGreaterThan(1000);
    assertThat(removed.size()).isGreaterThan(texts.size() / 20);
    assertThat((double) withDuplicate / kept.size()).isLessThan(0.01);
    // Every removed prompt is recorded once, against a smaller id, at or above the threshold.
    assertThat(removed).extracting(Duplicates.Duplicate::promptId).doesNotHaveDuplicates();
    assertThat(removed)
        .allSatisfy(
            d -> {
              assertThat(d.duplicateOf()).isLessThan(d.promptId());
              assertThat(d.similarity()).isGreaterThanOrEqualTo(threshold);
              assertThat(texts).containsKey(d.duplicateOf());
            });
    assertThat(kept.size() + removed.size()).isEqualTo(texts.size());
  }
}
