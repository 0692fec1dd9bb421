package io.sparksdg.spark.exec;

import io.sparksdg.records.DialogueRecord;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.KeywordRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.records.SafetyRecord;
import io.sparksdg.records.ScoreRecord;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.spark.exec.ModelCalls.Call;
import io.sparksdg.spark.tables.Rows;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.judging.JudgePairsStage;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import io.sparksdg.stages.judging.ScreenSafetyStage;
import io.sparksdg.stages.prompts.ClassifyKeywordsStage;
import io.sparksdg.stages.prompts.GenerateSubtopicsStage;
import io.sparksdg.stages.prompts.GenerateTopicsStage;
import io.sparksdg.stages.prompts.PromptFamily;
import io.sparksdg.stages.responses.GenerateDialoguesStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Row;

/**
 * What each model-calling step asks per work item: a row of {@link WorkItems}, read by column name,
 * to a plain-Java stage's call. Static factories, so a call captures its stage and endpoint names
 * only, never the driver's state.
 */
public final class Calls {

  private Calls() {}

  /** Work item {@code (work_id)}: the topic list. */
  public static Call<TopicRecord> topics(GenerateTopicsStage stage, String endpoint) {
    return (work, clients) -> stage.run(clients.chat(endpoint));
  }

  /** Work items {@code (work_id, topic)}: subtopics per macro topic. */
  public static Call<TopicRecord> subtopics(GenerateSubtopicsStage stage, String endpoint) {
    return (work, clients) ->
        stage.forTopic(Tables.TOPIC.fromRow(Rows.struct(work, "topic")), clients.chat(endpoint));
  }

  /** Work items {@link WorkItems#FAMILY_REQUEST}: the prompts of one family's request. */
  public static Call<PromptRecord> family(PromptFamily family, String endpoint) {
    return (work, clients) ->
        family.run(WorkItems.FAMILY_REQUEST.fromRow(work), clients.chat(endpoint));
  }

  /** Work items {@code (work_id, keyword)}: one yes/no keyword verdict each. */
  public static Call<KeywordRecord> classify(ClassifyKeywordsStage stage, String endpoint) {
    return (work, clients) -> stage.classify(Rows.string(work, "keyword"), clients.chat(endpoint));
  }

  /**
   * Work items {@code (work_id, prompt, sample_index, generator, reasoning_mode)}: one response
   * each, from the generator the item names, in the item's reasoning mode.
   */
  public static Call<ResponseRecord> responses(Map<String, GenerateResponsesStage> stages) {
    Map<String, GenerateResponsesStage> byGenerator = Map.copyOf(stages);
    return (work, clients) -> {
      String generator = generator(work);
      return byGenerator
          .get(generator)
          .call(
              prompt(work),
              Rows.intValue(work, "sample_index"),
              Rows.string(work, "reasoning_mode"),
              clients.chat(generator))
          .thenApply(List::of);
    };
  }

  /** The endpoint of a response work item. */
  public static String generator(Row work) {
    return Rows.string(work, "generator");
  }

  /** Work items {@code (work_id, prompt, index)}: one dialogue each, scored. */
  public static Call<DialogueRecord> dialogues(
      GenerateDialoguesStage stage, String user, String assistant, String reward) {
    return (work, clients) ->
        stage
            .run(
                new GenerateDialoguesStage.Item(prompt(work), Rows.intValue(work, "index")),
                clients.chat(user),
                clients.chat(assistant),
                clients.reward(reward))
            .thenApply(List::of);
  }

  /** Work items {@code (work_id, prompt, response)}: one score each. */
  public static Call<ScoreRecord> scores(ScoreResponsesStage stage, String endpoint) {
    return (work, clients) ->
        stage
            .score(
                new ScoreResponsesStage.Item(prompt(work), response(work, "response")),
                clients.reward(endpoint))
            .thenApply(List::of);
  }

  /** A follow-up of a response work item {@code (work_id, prompt, ...)}: its response's score. */
  public static ModelCalls.FollowUp<ResponseRecord, ScoreRecord> scoreEach(
      ScoreResponsesStage stage, String endpoint) {
    return (work, response, clients) ->
        stage.score(new ScoreResponsesStage.Item(prompt(work), response), clients.reward(endpoint));
  }

  /** A follow-up of a response work item {@code (work_id, prompt, ...)}: the guard's verdict. */
  public static ModelCalls.FollowUp<ResponseRecord, SafetyRecord> screenEach(
      ScreenSafetyStage stage, String endpoint) {
    return (work, response, clients) ->
        stage.screen(new ScreenSafetyStage.Item(prompt(work), response), clients.chat(endpoint));
  }

  /** Work items {@code (work_id, prompt, response)}, response null for a prompt: one verdict. */
  public static Call<SafetyRecord> safety(ScreenSafetyStage stage, String endpoint) {
    return (work, clients) ->
        stage
            .screen(
                new ScreenSafetyStage.Item(prompt(work), response(work, "response")),
                clients.chat(endpoint))
            .thenApply(List::of);
  }

  /** Work items {@code (work_id, prompt, a, b)}: one position-swapped LLM judgement each. */
  public static Call<JudgementRecord> judgements(JudgePairsStage stage, String endpoint) {
    return (work, clients) ->
        stage
            .judge(
                new JudgePairsStage.Item(prompt(work), response(work, "a"), response(work, "b")),
                clients.chat(endpoint))
            .thenApply(List::of);
  }

  /**
   * A group follow-up of a prompt's response work items {@code (work_id, prompt, ...)}: its scored
   * responses judged pair by pair, when the LLM judge decides for the prompt.
   */
  public static ModelCalls.GroupFollowUp<ResponseRecord, JudgementRecord> judgePairsOf(
      PairPreferencesStage pairing, JudgePairsStage stage, String endpoint) {
    return (work, responses, clients) -> {
      PromptRecord prompt = prompt(work);
      Map<String, CompletableFuture<Outcome<JudgementRecord>>> calls = new LinkedHashMap<>();
      if (pairing.pairJudgeDecides(prompt)) {
        for (JudgePairsStage.Item item : JudgePairsStage.pairs(prompt, responses)) {
          calls.put(
              stage.judgementId(item.a().responseId(), item.b().responseId()),
              stage.judge(item, clients.chat(endpoint)));
        }
      }
      return calls;
    };
  }

  private static PromptRecord prompt(Row work) {
    return Tables.PROMPT.fromRow(Rows.struct(work, "prompt"));
  }

  /** The response struct {@code column} of a work item, or null where it is null. */
  private static ResponseRecord response(Row work, String column) {
    return Rows.isNull(work, column) ? null : Tables.RESPONSE.fromRow(Rows.struct(work, column));
  }

  private static Row struct(Row row, String column) {
    return Rows.struct(row, column);
  }
}
