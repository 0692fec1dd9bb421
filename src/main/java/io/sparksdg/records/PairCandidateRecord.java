package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code pair_candidates} table: every pair a judge proposed or declined for a prompt,
 * kept or not, and why not. Kept candidates are the rows of {@code preferences}.
 *
 * @param chosenResponseId the response the judge preferred (for a tie or an inconsistent verdict,
 *     the first of the two; null when the prompt had no pair to offer at all)
 * @param chosenReward the reward model's reward of the chosen response, or null
 * @param margin the reward gap, or null
 * @param kept whether the pair entered {@code preferences}
 * @param dropReason why it did not, or null
 * @param judgeDetail what a judge that runs something saw, or null: for {@code code_tests} both
 *     responses' verdicts ({@code chosen: passed; rejected: tests-failed: AssertionError at
 *     tests.py:1: ...}); null in tables written before the column was added
 */
public record PairCandidateRecord(
    String pairId,
    String promptId,
    String judge,
    String chosenResponseId,
    String rejectedResponseId,
    Double chosenReward,
    Double rejectedReward,
    Double margin,
    boolean kept,
    String dropReason,
    String judgeDetail)
    implements Serializable {}
