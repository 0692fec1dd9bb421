package io.sparksdg.stages.judging;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.judge.GenRmVerdict;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Spend;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The GenRM side of {@link JudgePairsStage}: the request in the format NVIDIA's HelpSteer3 GenRMs
 * take, and the judgement of a pair from the two replies. The request is the conversation as it is,
 * then the two responses as messages with the roles {@code response_1} and {@code response_2},
 * which the model's chat template turns into its judging prompt. Each reply's ranking score is its
 * verdict (1 to 3: the response shown first is better; 4 to 6: the second); the pair's verdict
 * holds only when the two orders name the same response.
 */
final class GenRmJudgement {

  /** Stands for the prompt template in judgement ids, so GenRM and pairwise ids never meet. */
  static final String FORMAT = "genrm-helpsteer3";

  static final int FORMAT_VERSION = 1;

  static final String FIRST_ROLE = "response_1";
  static final String SECOND_ROLE = "response_2";

  private GenRmJudgement() {}

  /** The conversation, then the response shown first and the one shown second. */
  static List<Message> messages(
      PromptRecord prompt, ResponseRecord shownFirst, ResponseRecord shownSecond) {
    List<Message> messages = new ArrayList<>(prompt.messages());
    messages.add(new Message(FIRST_ROLE, shownFirst.text()));
    messages.add(new Message(SECOND_ROLE, shownSecond.text()));
    return messages;
  }

  /**
   * The judgement of {@code item} from the reply with {@code a} shown first and the one with {@code
   * b} shown first; a failure when either has no ranking score.
   */
  static Outcome<JudgementRecord> record(
      String id,
      String model,
      JudgePairsStage.Item item,
      Completion first,
      Completion swapped,
      PriceConfig price,
      long start) {
    int attempts = first.stats().attempts() + swapped.stats().attempts();
    GenRmVerdict v1 = GenRmVerdict.parse(first.text(), first.reasoning());
    GenRmVerdict v2 = GenRmVerdict.parse(swapped.text(), swapped.reasoning());
    if (v1.preferred().isEmpty() || v2.preferred().isEmpty()) {
      boolean firstBad = v1.preferred().isEmpty();
      GenRmVerdict bad = firstBad ? v1 : v2;
      return Outcome.failed(
          FailureRecord.of(
              id,
              item.prompt().promptId(),
              Stage.JUDGEMENTS,
              new UnusableOutputException(
                  "The GenRM's reply has no usable ranking ("
                      + bad.problemText()
                      + "); it should end with [The Begin of Ranking Score] \\boxed{1-6}"
                      + " [The End of Ranking Score]",
                  firstBad ? first.text() : swapped.text(),
                  attempts)));
    }
    Spend spend = Spend.of(first.usage(), price).plus(Spend.of(swapped.usage(), price));
    JudgementRecord judgement =
        JudgePairsStage.judgement(
            id,
            model,
            item,
            v1.preferred().orElseThrow(),
            v2.preferred().orElseThrow(),
            first,
            swapped,
            spend,
            attempts,
            start);
    return Outcome.ok(
        judgement.withGenRm(
            v1.reasoning(),
            v2.reasoning(),
            v1.firstScore(),
            v1.secondScore(),
            v1.ranking(),
            v2.secondScore(),
            v2.firstScore(),
            v2.ranking()));
  }
}
