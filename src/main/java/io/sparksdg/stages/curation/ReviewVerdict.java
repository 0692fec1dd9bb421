package io.sparksdg.stages.curation;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A human reviewer's verdict on one exported item: a preference pair ({@code kind = pair}, id =
 * {@code pair_id}) or an SFT row ({@code kind = sft}, id = {@code response_id}).
 *
 * @param verdict {@code keep}, {@code drop} or {@code swap} (pairs only: the rejected response is
 *     the better one)
 * @param correctedScores scores the reviewer corrected: {@code chosen_reward} and {@code
 *     rejected_reward} for a pair (as the pair was shown, before any swap), the five attributes and
 *     {@code reward} for an SFT row; empty when none
 * @param note the reviewer's free text, or null
 */
public record ReviewVerdict(
    String id, String kind, String verdict, Map<String, Double> correctedScores, String note)
    implements Serializable {

  public static final String PAIR = "pair";
  public static final String SFT = "sft";
  public static final String KEEP = "keep";
  public static final String DROP = "drop";
  public static final String SWAP = "swap";

  public static final Set<String> PAIR_SCORES = Set.of("chosen_reward", "rejected_reward");
  public static final Set<String> SFT_SCORES =
      Set.of("helpfulness", "correctness", "coherence", "complexity", "verbosity", "reward");

  public ReviewVerdict {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("no \"id\"");
    }
    if (!PAIR.equals(kind) && !SFT.equals(kind)) {
      throw new IllegalArgumentException(
          "\"kind\" must be \"pair\" or \"sft\", got "
              + (kind == null ? "none" : "\"" + kind + "\""));
    }
    if (!Set.of(KEEP, DROP, SWAP).contains(verdict)) {
      throw new IllegalArgumentException(
          "\"verdict\" must be keep, drop or swap, got \"" + verdict + "\"");
    }
    if (SWAP.equals(verdict) && SFT.equals(kind)) {
      throw new IllegalArgumentException("\"swap\" applies to pairs only; use keep or drop");
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    if (correctedScores != null) {
      Set<String> allowed = PAIR.equals(kind) ? PAIR_SCORES : SFT_SCORES;
      correctedScores.forEach(
          (key, value) -> {
            if (!allowed.contains(key)) {
              throw new IllegalArgumentException(
                  "\"corrected_scores\" of a "
                      + kind
                      + " may hold "
                      + new java.util.TreeSet<>(allowed)
                      + ", not \""
                      + key
                      + "\"");
            }
            if (value == null || !Double.isFinite(value)) {
              throw new IllegalArgumentException(
                  "\"corrected_scores\"." + key + " must be a number");
            }
            scores.put(key, value);
          });
    }
    correctedScores = java.util.Collections.unmodifiableMap(scores);
  }
}
