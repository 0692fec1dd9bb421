package io.sparksdg.pipeline;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ranks the scored responses to one prompt by reward and pairs the best (chosen) with the worst
 * (rejected), when the margin between them reaches {@code min-margin} and their texts differ.
 */
public final class PairPreferencesStage implements Serializable {

  public static final String JUDGE_REWARD_MODEL = "reward_model";

  private final double minMargin;

  public PairPreferencesStage(double minMargin) {
    this.minMargin = minMargin;
  }

  public Optional<PreferenceRecord> pair(List<ScoredResponse> responses) {
    if (responses.size() < 2) {
      return Optional.empty();
    }
    // Ties broken by response id, so the pair does not depend on input order.
    Comparator<ScoredResponse> byReward =
        Comparator.comparingDouble((ScoredResponse r) -> r.score().reward())
            .thenComparing(r -> r.response().responseId(), Comparator.reverseOrder());
    ScoredResponse best = responses.stream().max(byReward).orElseThrow();
    ScoredResponse worst = responses.stream().min(byReward).orElseThrow();
    double margin = best.score().reward() - worst.score().reward();
    if (margin < minMargin || best.response().text().equals(worst.response().text())) {
      return Optional.empty();
    }
    return Optional.of(
        new PreferenceRecord(
            Ids.of(
                "pair",
                best.response().responseId(),
                worst.response().responseId(),
                JUDGE_REWARD_MODEL),
            best.prompt().promptId(),
            best.prompt().messages(),
            best.response().text(),
            worst.response().text(),
            best.score().reward(),
            worst.score().reward(),
            margin,
            JUDGE_REWARD_MODEL,
            best.response().responseId(),
            worst.response().responseId(),
            best.response().model(),
            worst.response().model()));
  }
}
