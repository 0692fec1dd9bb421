package io.sparksdg.spark.exec;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.records.JudgementRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.ScoredResponse;
import io.sparksdg.records.SftRecord;
import io.sparksdg.spark.steps.SafetyScreening;
import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.RecordSchema;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.InFlight;
import io.sparksdg.stages.curation.FilterDecision;
import io.sparksdg.stages.curation.PairPreferencesStage;
import io.sparksdg.stages.curation.QualityFilter;
import io.sparksdg.stages.curation.SafetyPolicy;
import io.sparksdg.stages.judging.JudgePairsStage;
import io.sparksdg.stages.judging.ScoreResponsesStage;
import io.sparksdg.stages.prompts.ClassifyKeywordsStage;
import io.sparksdg.stages.prompts.GenerateSubtopicsStage;
import io.sparksdg.stages.prompts.GenerateTopicsStage;
import io.sparksdg.stages.prompts.ImportPromptsStage;
import io.sparksdg.stages.prompts.PromptFamily;
import io.sparksdg.stages.responses.GenerateDialoguesStage;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The thin executor side: each function converts rows to records, runs a plain-Java stage and
 * converts back. They hold only serializable stage settings and endpoint configs; HTTP clients come
 * from the per-JVM registry in {@link HttpModelClients}, created on first use.
 */
public final class ExecutorFunctions {

  /**
   * A Spark local property (set on the driver thread with {@code SparkContext.setLocalProperty})
   * that makes every model-calling task's first attempt fail after its first result, so tests can
   * show that retried tasks leave no second copy of anything.
   */
  public static final String CHAOS_FAIL_FIRST_ATTEMPT = "sdg.chaos.failFirstAttempt";

  private ExecutorFunctions() {}

  /**
   * The endpoint a model-calling function talks to, how many failures in a row stop it, and the
   * accumulator its HTTP counters go to (null for none).
   */
  public record Target(
      String name, EndpointConfig config, int breakerThreshold, EndpointMetrics metrics)
      implements Serializable {}

  /** Rows {@code (value, line)} of an imported JSONL file to prompt outcomes. */
  public static final class ImportPrompts implements MapPartitionsFunction<Row, Row> {
    private final ImportPromptsStage stage;

    public ImportPrompts(ImportPromptsStage stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return map(
          rows,
          row -> {
            long line = row.getLong(1);
            Row outcome = Outcomes.toRow(stage.parse(row.getString(0), line), Tables.PROMPT);
            return RowFactory.create(outcome.get(0), outcome.get(1), line);
          });
    }
  }

  /** Work item {@code (work_id)}: the topic list. */
  public static final class GenerateTopics implements MapPartitionsFunction<Row, Row> {
    private final GenerateTopicsStage stage;
    private final Target target;

    public GenerateTopics(GenerateTopicsStage stage, Target target) {
      this.stage = stage;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient client = HttpModelClients.chat(target.name(), target.config());
      return calls(work, target, row -> stage.run(client), Tables.TOPIC);
    }
  }

  /** Work items {@code (work_id, topic)}: subtopics per macro topic. */
  public static final class GenerateSubtopics implements MapPartitionsFunction<Row, Row> {
    private final GenerateSubtopicsStage stage;
    private final Target target;

    public GenerateSubtopics(GenerateSubtopicsStage stage, Target target) {
      this.stage = stage;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient client = HttpModelClients.chat(target.name(), target.config());
      return calls(
          work,
          target,
          row -> stage.forTopic(Tables.TOPIC.fromRow(row.getStruct(1)), client),
          Tables.TOPIC);
    }
  }

  /** Work items {@link WorkItems#FAMILY_REQUEST}: the prompts of one family's request. */
  public static final class GenerateFamily implements MapPartitionsFunction<Row, Row> {
    private final PromptFamily family;
    private final Target target;

    public GenerateFamily(PromptFamily family, Target target) {
      this.family = family;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient client = HttpModelClients.chat(target.name(), target.config());
      return calls(
          work,
          target,
          row -> family.run(WorkItems.FAMILY_REQUEST.fromRow(row), client),
          Tables.PROMPT);
    }
  }

  /** Work items {@code (work_id, keyword)}: one yes/no keyword verdict each. */
  public static final class ClassifyKeywords implements MapPartitionsFunction<Row, Row> {
    private final ClassifyKeywordsStage stage;
    private final Target target;

    public ClassifyKeywords(ClassifyKeywordsStage stage, Target target) {
      this.stage = stage;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient client = HttpModelClients.chat(target.name(), target.config());
      return calls(work, target, row -> stage.classify(row.getString(1), client), Tables.KEYWORD);
    }
  }

  /**
   * Work items {@code (work_id, prompt, sample_index, generator)}: one response each, from the
   * generator endpoint the item names.
   */
  public static final class GenerateResponses implements MapPartitionsFunction<Row, Row> {
    private final Map<String, GenerateResponsesStage> stages;
    private final Map<String, Target> targets;

    public GenerateResponses(
        Map<String, GenerateResponsesStage> stages, Map<String, Target> targets) {
      this.stages = Map.copyOf(stages);
      this.targets = Map.copyOf(targets);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      Map<String, ChatClient> clients = new java.util.HashMap<>();
      targets.forEach((name, t) -> clients.put(name, HttpModelClients.chat(t.name(), t.config())));
      int lookahead =
          targets.values().stream().mapToInt(t -> t.config().maxConcurrency()).max().orElse(1);
      return calls(
          work,
          row -> targets.get(row.getString(3)),
          lookahead,
          row ->
              stages
                  .get(row.getString(3))
                  .call(
                      Tables.PROMPT.fromRow(row.getStruct(1)),
                      row.getInt(2),
                      clients.get(row.getString(3)))
                  .thenApply(List::of),
          Tables.RESPONSE);
    }
  }

  /** Work items {@code (work_id, prompt, index)}: one dialogue each, scored. */
  public static final class GenerateDialogues implements MapPartitionsFunction<Row, Row> {
    private final GenerateDialoguesStage stage;
    private final Target user;
    private final Target assistant;
    private final Target reward;

    public GenerateDialogues(
        GenerateDialoguesStage stage, Target user, Target assistant, Target reward) {
      this.stage = stage;
      this.user = user;
      this.assistant = assistant;
      this.reward = reward;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient userClient = HttpModelClients.chat(user.name(), user.config());
      ChatClient assistantClient = HttpModelClients.chat(assistant.name(), assistant.config());
      RewardClient rewardClient = HttpModelClients.reward(reward.name(), reward.config());
      return calls(
          work,
          assistant,
          row ->
              stage
                  .run(
                      new GenerateDialoguesStage.Item(
                          Tables.PROMPT.fromRow(row.getStruct(1)), row.getInt(2)),
                      userClient,
                      assistantClient,
                      rewardClient)
                  .thenApply(List::of),
          Tables.DIALOGUE);
    }
  }

  /** Work items {@code (work_id, prompt, a, b)}: one position-swapped LLM judgement each. */
  public static final class JudgePairs implements MapPartitionsFunction<Row, Row> {
    private final JudgePairsStage stage;
    private final Target target;

    public JudgePairs(JudgePairsStage stage, Target target) {
      this.stage = stage;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      ChatClient client = HttpModelClients.chat(target.name(), target.config());
      return calls(
          work,
          target,
          row ->
              stage
                  .judge(
                      new JudgePairsStage.Item(
                          Tables.PROMPT.fromRow(row.getStruct(1)),
                          Tables.RESPONSE.fromRow(row.getStruct(2)),
                          Tables.RESPONSE.fromRow(row.getStruct(3))),
                      client)
                  .thenApply(List::of),
          Tables.JUDGEMENT);
    }
  }

  /** Work items {@code (work_id, prompt, response)}: one score each. */
  public static final class ScoreResponses implements MapPartitionsFunction<Row, Row> {
    private final ScoreResponsesStage stage;
    private final Target target;

    public ScoreResponses(ScoreResponsesStage stage, Target target) {
      this.stage = stage;
      this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> work) {
      RewardClient client = HttpModelClients.reward(target.name(), target.config());
      return calls(
          work,
          target,
          row ->
              stage
                  .score(
                      new ScoreResponsesStage.Item(
                          Tables.PROMPT.fromRow(row.getStruct(1)),
                          Tables.RESPONSE.fromRow(row.getStruct(2))),
                      client)
                  .thenApply(List::of),
          Tables.SCORE);
    }
  }

  /**
   * Rows {@code (prompt, response, score, prompt_safety, response_safety)} to SFT rows, for those
   * the quality filter and the safety policy keep.
   */
  public static final class FilterSft implements MapPartitionsFunction<Row, Row> {
    private final QualityFilter filter;
    private final SafetyPolicy safety;

    public FilterSft(QualityFilter filter, SafetyPolicy safety) {
      this.filter = filter;
      this.safety = safety;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> kept = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        ScoredResponse r = scored(row);
        String promptSafety = SafetyScreening.promptSafety(row);
        String responseSafety = SafetyScreening.responseSafety(row);
        if (filter.decide(r.score()) instanceof FilterDecision.Keep
            && safety.sftDropReason(promptSafety, responseSafety) == null) {
          kept.add(Tables.SFT_ROW.toRow(SftRecord.of(r).withSafety(promptSafety, responseSafety)));
        }
      }
      return kept.iterator();
    }
  }

  /** Kept dialogues to SFT rows. */
  public static final class DialogueSft implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return map(
          rows,
          row ->
              Tables.SFT_ROW.toRow(
                  Tables.DIALOGUE
                      .fromRow(row)
                      .toSft()
                      .withSafety(SafetyScreening.promptSafety(row), null)));
    }
  }

  /** Schema of pairing output: a candidate and, when kept, its preference row. */
  public static final org.apache.spark.sql.types.StructType PAIRING =
      new org.apache.spark.sql.types.StructType()
          .add("candidate", Tables.PAIR_CANDIDATE.schema(), false)
          .add("preference", Tables.PREFERENCE.schema(), true);

  /**
   * The scored responses {@code (prompt, response, score)} of one prompt and its LLM judgements to
   * pair candidates, each with its preference row when kept.
   */
  public static final class PairPreferences implements CoGroupFunction<String, Row, Row, Row> {
    private final PairPreferencesStage stage;

    public PairPreferences(PairPreferencesStage stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> scoredRows, Iterator<Row> judged) {
      List<ScoredResponse> responses = new ArrayList<>();
      Map<String, String> safety = new java.util.HashMap<>();
      String promptSafety = null;
      while (scoredRows.hasNext()) {
        Row row = scoredRows.next();
        ScoredResponse r = scored(row);
        responses.add(r);
        promptSafety = SafetyScreening.promptSafety(row);
        safety.put(r.response().responseId(), SafetyScreening.responseSafety(row));
      }
      if (responses.isEmpty()) {
        return Collections.emptyIterator();
      }
      List<JudgementRecord> judgements = new ArrayList<>();
      judged.forEachRemaining(row -> judgements.add(Tables.JUDGEMENT.fromRow(row)));
      PairPreferencesStage.Pairing pairing =
          stage.pair(
              new PairPreferencesStage.Group(
                  responses.get(0).prompt(), responses, judgements, promptSafety, safety));
      Map<String, io.sparksdg.records.PreferenceRecord> kept = new java.util.HashMap<>();
      pairing.preferences().forEach(p -> kept.put(p.pairId(), p));
      List<Row> out = new ArrayList<>();
      for (io.sparksdg.records.PairCandidateRecord c : pairing.candidates()) {
        io.sparksdg.records.PreferenceRecord p = c.kept() ? kept.get(c.pairId()) : null;
        out.add(
            RowFactory.create(
                Tables.PAIR_CANDIDATE.toRow(c), p == null ? null : Tables.PREFERENCE.toRow(p)));
      }
      return out.iterator();
    }
  }

  static ScoredResponse scored(Row row) {
    return new ScoredResponse(
        Tables.PROMPT.fromRow(row.getStruct(0)),
        Tables.RESPONSE.fromRow(row.getStruct(1)),
        Tables.SCORE.fromRow(row.getStruct(2)));
  }

  /**
   * Runs a partition's work items through asynchronous model calls, keeping up to the endpoint's
   * per-executor budget outstanding, and yields outcome rows {@code (work_id, ok, failure)} as the
   * calls complete.
   */
  public static <T extends Record> Iterator<Row> calls(
      Iterator<Row> work,
      Target target,
      Function<Row, CompletableFuture<List<Outcome<T>>>> call,
      RecordSchema<T> schema) {
    return calls(work, row -> target, target.config().maxConcurrency(), call, schema);
  }

  /** {@link #calls} where each work item names its own endpoint (several generators). */
  private static <T extends Record> Iterator<Row> calls(
      Iterator<Row> work,
      Function<Row, Target> targetOf,
      int lookahead,
      Function<Row, CompletableFuture<List<Outcome<T>>>> call,
      RecordSchema<T> schema) {
    record Done<T>(String workId, Target target, List<Outcome<T>> outcomes) {}
    java.util.Set<String> reported = new java.util.HashSet<>();
    Iterator<Done<T>> done =
        InFlight.map(
            work,
            row -> {
              String id = row.getString(0); // every work item row starts with work_id
              Target target = targetOf.apply(row);
              if (reported.add(target.name())) {
                EndpointMetrics.reportWhenTaskEnds(target.metrics());
              }
              return call.apply(row).thenApply(outcomes -> new Done<>(id, target, outcomes));
            },
            lookahead);
    return chaos(
        flatten(
            map(
                done,
                d -> {
                  List<Row> rows = new ArrayList<>(d.outcomes().size());
                  Target target = d.target();
                  for (Outcome<T> outcome : d.outcomes()) {
                    if (outcome instanceof Outcome.Failed<T> failed) {
                      EndpointBreaker.failure(
                          target.name(), failed.failure(), target.breakerThreshold());
                    } else {
                      EndpointBreaker.success(target.name());
                    }
                    Row r = Outcomes.toRow(outcome, schema);
                    rows.add(RowFactory.create(d.workId(), r.get(0), r.get(1)));
                  }
                  return rows;
                })));
  }

  /**
   * Fails a task's first attempt after its first result when the chaos setting asks for it, so
   * tests can show that a retried task leaves no second copy of what the failed attempt wrote.
   */
  private static Iterator<Row> chaos(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    boolean armed =
        task != null
            && task.attemptNumber() == 0
            && Boolean.parseBoolean(task.getLocalProperty(CHAOS_FAIL_FIRST_ATTEMPT));
    if (!armed) {
      return rows;
    }
    return new Iterator<>() {
      private int yielded;

      @Override
      public boolean hasNext() {
        if (yielded >= 1 && rows.hasNext()) {
          throw new IllegalStateException(
              "Injected failure of a task's first attempt (" + CHAOS_FAIL_FIRST_ATTEMPT + ")");
        }
        return rows.hasNext();
      }

      @Override
      public Row next() {
        yielded++;
        return rows.next();
      }
    };
  }

  private static <A, B> Iterator<B> map(Iterator<A> in, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }

  private static <T> Iterator<T> flatten(Iterator<List<T>> lists) {
    return new Iterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && lists.hasNext()) {
          current = lists.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
