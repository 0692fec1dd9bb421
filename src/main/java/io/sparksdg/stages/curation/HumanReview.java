package io.sparksdg.stages.curation;

import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.RewardScores;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.SftRecord;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies reviewers' verdicts to the rows a run computed: a human verdict outranks every automatic
 * judge, so a reviewed row is kept, dropped or swapped as the reviewer said, with the scores the
 * reviewer corrected, and its judge becomes {@code human}. Rows without a verdict pass unchanged.
 */
public final class HumanReview implements Serializable {

  public static final HumanReview NONE = new HumanReview(Map.of(), null, Double.NEGATIVE_INFINITY);

  private final Map<String, ReviewVerdict> pairs = new HashMap<>();
  private final Map<String, ReviewVerdict> sft = new HashMap<>();
  private final RewardWeights weights;
  private final double dpoMinReward;

  /**
   * @param verdicts by id; an id may name a pair and an SFT row only through its kind
   * @param weights the reward weights, to recompute an SFT row's reward from corrected attributes
   * @param dpoMinReward the DPO bound, rechecked against a pair's new chosen reward
   */
  public HumanReview(
      Map<String, ReviewVerdict> verdicts, RewardWeights weights, double dpoMinReward) {
    verdicts
        .values()
        .forEach(v -> (ReviewVerdict.PAIR.equals(v.kind()) ? pairs : sft).put(v.id(), v));
    this.weights = weights;
    this.dpoMinReward = dpoMinReward;
  }

  public boolean isEmpty() {
    return pairs.isEmpty() && sft.isEmpty();
  }

  /** The pair as the reviewer left it: unchanged without a verdict, empty when dropped. */
  public Optional<PreferenceRecord> apply(PreferenceRecord p) {
    ReviewVerdict v = pairs.get(p.pairId());
    if (v == null) {
      return Optional.of(p);
    }
    if (ReviewVerdict.DROP.equals(v.verdict())) {
      return Optional.empty();
    }
    double chosenReward = v.correctedScores().getOrDefault("chosen_reward", p.chosenReward());
    double rejectedReward = v.correctedScores().getOrDefault("rejected_reward", p.rejectedReward());
    if (ReviewVerdict.SWAP.equals(v.verdict())) {
      p = swapped(p);
      double r = chosenReward;
      chosenReward = rejectedReward;
      rejectedReward = r;
    }
    return Optional.of(
        new PreferenceRecord(
            p.pairId(),
            p.promptId(),
            p.prompt(),
            p.chosen(),
            p.rejected(),
            chosenReward,
            rejectedReward,
            chosenReward - rejectedReward,
            PreferenceRecord.JUDGE_HUMAN,
            p.chosenResponseId(),
            p.rejectedResponseId(),
            p.chosenModel(),
            p.rejectedModel(),
            chosenReward >= dpoMinReward,
            true,
            p.promptSafety(),
            p.chosenSafety(),
            p.rejectedSafety(),
            p.chosenReasoning(),
            p.rejectedReasoning(),
            p.reasoningMode()));
  }

  /** The pair the other way round (rewards and margin included). */
  private static PreferenceRecord swapped(PreferenceRecord p) {
    return new PreferenceRecord(
        p.pairId(),
        p.promptId(),
        p.prompt(),
        p.rejected(),
        p.chosen(),
        p.rejectedReward(),
        p.chosenReward(),
        -p.margin(),
        p.judge(),
        p.rejectedResponseId(),
        p.chosenResponseId(),
        p.rejectedModel(),
        p.chosenModel(),
        p.dpo(),
        p.rpo(),
        p.promptSafety(),
        p.rejectedSafety(),
        p.chosenSafety(),
        p.rejectedReasoning(),
        p.chosenReasoning(),
        p.reasoningMode());
  }

  /** The SFT row as the reviewer left it: unchanged without a verdict, empty when dropped. */
  public Optional<SftRecord> apply(SftRecord s) {
    ReviewVerdict v = sft.get(s.responseId());
    if (v == null) {
      return Optional.of(s);
    }
    if (ReviewVerdict.DROP.equals(v.verdict())) {
      return Optional.empty();
    }
    Map<String, Double> c = v.correctedScores();
    Double helpfulness = c.getOrDefault(RewardScores.HELPFULNESS, s.helpfulness());
    Double correctness = c.getOrDefault(RewardScores.CORRECTNESS, s.correctness());
    Double coherence = c.getOrDefault(RewardScores.COHERENCE, s.coherence());
    Double complexity = c.getOrDefault(RewardScores.COMPLEXITY, s.complexity());
    Double verbosity = c.getOrDefault(RewardScores.VERBOSITY, s.verbosity());
    double reward = s.reward();
    if (c.containsKey(RewardScores.REWARD)) {
      reward = c.get(RewardScores.REWARD);
    } else if (!c.isEmpty() && weights != null) {
      Map<String, Double> attributes = new HashMap<>();
      attributes.put(RewardScores.HELPFULNESS, helpfulness);
      attributes.put(RewardScores.CORRECTNESS, correctness);
      attributes.put(RewardScores.COHERENCE, coherence);
      attributes.put(RewardScores.COMPLEXITY, complexity);
      attributes.put(RewardScores.VERBOSITY, verbosity);
      attributes.values().removeIf(java.util.Objects::isNull);
      try {
        reward = weights.reward(new RewardScores(attributes, null, null, null, null));
      } catch (IllegalArgumentException e) {
        // an attribute the reward model never gave: keep the reward as it was
      }
    }
    return Optional.of(
        new SftRecord(
            s.responseId(),
            s.promptId(),
            s.task(),
            s.messages(),
            s.model(),
            helpfulness,
            correctness,
            coherence,
            complexity,
            verbosity,
            reward,
            PreferenceRecord.JUDGE_HUMAN,
            s.promptSafety(),
            s.responseSafety(),
            s.reasoning(),
            s.reasoningMode()));
  }

  /** The ids of the verdicts of one kind ({@code pair} or {@code sft}). */
  public java.util.Set<String> ids(String kind) {
    return java.util.Set.copyOf((ReviewVerdict.PAIR.equals(kind) ? pairs : sft).keySet());
  }
}
