package io.sparksdg.records;

import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code safety} table: what the guard said about one prompt or one response.
 *
 * @param safetyId deterministic id of (target, the prompt or response id, guard model, sampling)
 * @param responseId the response screened, or null when the row is about the prompt
 * @param target {@code prompt} or {@code response}
 * @param verdict {@code safe} or {@code unsafe}
 * @param categories the categories the guard named (e.g. {@code S1} or {@code Violence}); empty
 *     when safe
 * @param guardModel the guard model that answered
 * @param raw the guard's reply, for audit
 */
public record SafetyRecord(
    String safetyId,
    String promptId,
    String responseId,
    String target,
    String verdict,
    List<String> categories,
    String guardModel,
    String raw,
    int attempts,
    long latencyMs)
    implements Serializable {

  public SafetyRecord {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public boolean unsafe() {
    return io.sparksdg.judge.SafetyVerdict.UNSAFE.equals(verdict);
  }
}
