package io.sparksdg.stages.judging;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.judge.PairwiseVerdict;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.Spend;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * LLM-as-judge: asks a judge model which of two responses to a prompt is better, twice, with the
 * responses in swapped positions. The verdict counts only when both asks agree; ties and
 * inconsistent verdicts are recorded, and pairing leaves them out. A generative reward model
 * (GenRM) is asked the same way in its own format ({@link GenRmJudgement}).
 */
public final class JudgePairsStage implements Serializable {

  private final PromptTemplate template = PromptTemplate.builtIn("pairwise-judge");
  private final String model;
  private final Sampling sampling;
  private final long runSeed;
  private final boolean genrm;

  /**
   * @param sampling the judge's sampling; the judge should decode greedily (temperature 0)
   */
  public JudgePairsStage(String model, Sampling sampling, long runSeed) {
    this(model, sampling, runSeed, false);
  }

  /**
   * @param genrm whether the judge is a generative reward model, asked in its format
   */
  public JudgePairsStage(String model, Sampling sampling, long runSeed, boolean genrm) {
    this.model = model;
    this.sampling = sampling;
    this.runSeed = runSeed;
    this.genrm = genrm;
  }

  /** Two responses to one prompt, {@code a} the one with the smaller id. */
  public record Item(PromptRecord prompt, ResponseRecord a, ResponseRecord b)
      implements Serializable {}

  public String judgementId(String responseAId, String responseBId) {
    return Ids.of(
        "judgement",
        responseAId,
        responseBId,
        model,
        SamplingKey.of(sampling),
        genrm ? GenRmJudgement.FORMAT : template.id(),
        genrm ? GenRmJudgement.FORMAT_VERSION : template.version());
  }

  /**
   * Every unordered pair of a prompt's responses of one reasoning mode, {@code a} the smaller id.
   */
  public static List<Item> pairs(PromptRecord prompt, List<ResponseRecord> responses) {
    List<ResponseRecord> sorted = new ArrayList<>(responses);
    sorted.sort(Comparator.comparing(ResponseRecord::responseId));
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        if (!Objects.equals(sorted.get(i).reasoningMode(), sorted.get(j).reasoningMode())) {
          continue;
        }
        items.add(new Item(prompt, sorted.get(i), sorted.get(j)));
      }
    }
    return items;
  }

  /** The judgement (or failure) of one pair; both asks run concurrently. */
  public CompletableFuture<Outcome<JudgementRecord>> judge(Item item, ChatClient client) {
    String id = judgementId(item.a().responseId(), item.b().responseId());
    String promptId = item.prompt().promptId();
    long start = System.nanoTime();
    CompletableFuture<Completion> first = ask(client, id, 0, item.prompt(), item.a(), item.b());
    CompletableFuture<Completion> swapped = ask(client, id, 1, item.prompt(), item.b(), item.a());
    return first
        .thenCombine(
            swapped,
            (f, s) ->
                genrm
                    ? GenRmJudgement.record(id, model, item, f, s, client.price(), start)
                    : record(id, item, f, s, client.price(), start))
        .exceptionally(
            error -> Outcome.failed(FailureRecord.of(id, promptId, Stage.JUDGEMENTS, error)));
  }

  private Outcome<JudgementRecord> record(
      String id, Item item, Completion first, Completion swapped, PriceConfig price, long start) {
    int attempts = first.stats().attempts() + swapped.stats().attempts();
    Spend spend = Spend.of(first.usage(), price).plus(Spend.of(swapped.usage(), price));
    Optional<PairwiseVerdict> v1 = PairwiseVerdict.parse(first.text());
    Optional<PairwiseVerdict> v2 = PairwiseVerdict.parse(swapped.text());
    if (v1.isEmpty() || v2.isEmpty()) {
      String raw = v1.isEmpty() ? first.text() : swapped.text();
      return Outcome.failed(
          FailureRecord.of(
              id,
              item.prompt().promptId(),
              Stage.JUDGEMENTS,
              new UnusableOutputException(
                  "The judge's reply has no verdict ([[A]], [[B]] or [[C]])", raw, attempts)));
    }
    return Outcome.ok(
        judgement(id, model, item, v1.get(), v2.get(), first, swapped, spend, attempts, start));
  }

  /**
   * The row of a pair asked in both orders: {@code first} the verdict with {@code a} shown first,
   * {@code second} the one with {@code b} shown first, as stated (not yet mapped back).
   */
  static JudgementRecord judgement(
      String id,
      String model,
      Item item,
      PairwiseVerdict first,
      PairwiseVerdict second,
      Completion firstReply,
      Completion swappedReply,
      Spend spend,
      int attempts,
      long start) {
    String verdict =
        PairwiseVerdict.consistent(first, second)
            .map(PairwiseVerdict::label)
            .orElse("inconsistent");
    return new JudgementRecord(
        id,
        item.prompt().promptId(),
        item.a().responseId(),
        item.b().responseId(),
        first.label(),
        second.swapped().label(),
        verdict,
        firstReply.model() == null ? model : firstReply.model(),
        firstReply.text(),
        swappedReply.text(),
        spend.promptTokens(),
        spend.completionTokens(),
        spend.costUsd(),
        attempts,
        (System.nanoTime() - start) / 1_000_000);
  }

  private CompletableFuture<Completion> ask(
      ChatClient client,
      String id,
      int order,
      PromptRecord prompt,
      ResponseRecord shownFirst,
      ResponseRecord shownSecond) {
    List<Message> messages =
        genrm
            ? GenRmJudgement.messages(prompt, shownFirst, shownSecond)
            : List.of(
                Message.user(
                    template.render(
                        Map.of(
                            "question", conversationText(prompt.messages()),
                            "answer_a", shownFirst.text(),
                            "answer_b", shownSecond.text()))));
    ChatRequest request =
        ChatRequest.of(messages, sampling.withSeed(SamplingKey.seed(runSeed, id, order)));
    try {
      return client.complete(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The prompt as text: its only user turn, or each turn with its role. */
  static String conversationText(List<Message> messages) {
    if (messages.size() == 1) {
      return messages.get(0).content();
    }
    StringBuilder out = new StringBuilder();
    for (Message m : messages) {
      out.append(m.role()).append(": ").append(m.content()).append("\n\n");
    }
    return out.toString().strip();
  }
}
