package io.sparksdg.stages.curation;

import io.sparksdg.records.Ids;
import io.sparksdg.records.PairCandidateRecord;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.stages.curation.PairPreferencesStage.Group;
import io.sparksdg.stages.curation.PairPreferencesStage.Pairing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Pairing within reasoning modes: a prompt's responses with reasoning on are paired among
 * themselves, and those with it off among themselves.
 */
final class ReasoningModes {

  private ReasoningModes() {}

  /** Each mode's responses paired by {@code pairOneMode}; one call when the prompt has one mode. */
  static Pairing pairEach(Group group, Function<Group, Pairing> pairOneMode) {
    Map<String, List<ScoredResponse>> byMode = new TreeMap<>();
    for (ScoredResponse r : group.responses()) {
      byMode
          .computeIfAbsent(
              Objects.toString(r.response().reasoningMode(), ""), k -> new ArrayList<>())
          .add(r);
    }
    if (byMode.size() <= 1) {
      return pairOneMode.apply(group);
    }
    List<PairCandidateRecord> candidates = new ArrayList<>();
    List<PreferenceRecord> preferences = new ArrayList<>();
    for (Map.Entry<String, List<ScoredResponse>> mode : byMode.entrySet()) {
      Pairing p =
          pairOneMode.apply(
              new Group(
                  group.prompt(),
                  mode.getValue(),
                  group.judgements(),
                  group.promptSafety(),
                  group.responseSafety()));
      for (PairCandidateRecord c : p.candidates()) {
        candidates.add(c.chosenResponseId() == null ? inMode(c, mode.getKey()) : c);
      }
      preferences.addAll(p.preferences());
    }
    return new Pairing(candidates, preferences);
  }

  /** A candidate that pairs nothing, named apart from the other modes' and saying its mode. */
  private static PairCandidateRecord inMode(PairCandidateRecord c, String mode) {
    return new PairCandidateRecord(
        Ids.of("pair", c.promptId(), "none", mode),
        c.promptId(),
        c.judge(),
        null,
        null,
        null,
        null,
        null,
        false,
        c.dropReason() + " (reasoning " + (mode.isEmpty() ? "unset" : mode) + ")",
        c.judgeDetail());
  }
}
