package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;

import io.sparksdg.config.ConfigException;
import io.sparksdg.config.PromptsConfig;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.TopicRecord;
import io.sparksdg.spark.exec.Calls;
import io.sparksdg.spark.exec.ModelCalls;
import io.sparksdg.spark.exec.Target;
import io.sparksdg.spark.exec.WorkItems;
import io.sparksdg.spark.run.RunContext;
import io.sparksdg.spark.tables.Tables;
import io.sparksdg.stages.prompts.FamilyCatalogue;
import io.sparksdg.stages.prompts.FamilyCatalogue.Family;
import io.sparksdg.stages.prompts.FamilyRequest;
import io.sparksdg.stages.prompts.GeneratePromptsStage;
import io.sparksdg.stages.prompts.PromptFamily;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The synthetic {@code prompts}: every family of {@link FamilyCatalogue} the config enables, each a
 * resumable model stage over its requests (topics, documents, keywords, open questions), then
 * duplicate removal ({@code duplicates}) and the family mix ({@code mix_cuts}). Keyword verdicts go
 * to {@code keywords}.
 */
public final class FamiliesStep {

  private final RunContext run;
  private final FamilyInputs inputs;

  public FamiliesStep(RunContext run) {
    this.run = run;
    this.inputs = new FamilyInputs(run);
  }

  /**
   * @param topics the committed {@code topics} table
   * @return the committed {@code prompts} table
   */
  public Dataset<Row> run(Dataset<Row> topics) {
    PromptsConfig pc = run.config().prompts();
    Target target = run.target(pc.generator(), "prompts.generator");
    // Prompts are written about the leaves: subtopics and user topics when there are subtopics.
    Dataset<Row> leaves =
        pc.subtopicsPerTopic() > 0
            ? topics.where(
                col("parent_id")
                    .isNotNull()
                    .or(col("template_id").equalTo(TopicRecord.USER_TEMPLATE)))
            : topics;
    Dataset<Row> documents = inputs.documents();
    List<Dataset<Row>> parts = new ArrayList<>();
    Dataset<Row> openQa = null;
    for (Family family : FamilyCatalogue.enabled(pc)) {
      PromptFamily stage = stage(family, target);
      Dataset<Row> requests = requests(family, stage, leaves, documents, openQa, target);
      Dataset<Row> prompts = generate(stage, requests, target);
      parts.add(prompts);
      if (family.reviseTemplate() != null) {
        PromptFamily revision =
            family.revision(run::template, model(target), sampling(target), seed());
        parts.add(
            generate(
                revision,
                prompts.flatMap(WorkItems.FamilyRequests.ofPrompts(revision), requestRows()),
                target));
      }
      if (family.task().equals(GeneratePromptsStage.TASK)) {
        openQa = prompts;
      }
    }
    inputs.writeKeywordVerdicts();
    Dataset<Row> all = run.spark().createDataFrame(List.of(), Tables.PROMPT.schema());
    for (Dataset<Row> part : parts) {
      all = all.unionByName(Tables.columnsOf(Tables.PROMPT, part));
    }
    all = run.keep("prompts-candidates", all.dropDuplicates("prompt_id"));
    all = removeDuplicates(all, documents);
    run.write(Tables.PROMPTS, PromptMix.cut(run, all, pc.mix()));
    return run.committed(Tables.PROMPTS);
  }

  private PromptFamily stage(Family family, Target target) {
    return family.factory().create(run::template, model(target), sampling(target), seed());
  }

  /** A family's request rows, from what its requests are made of. */
  private Dataset<Row> requests(
      Family family,
      PromptFamily stage,
      Dataset<Row> leaves,
      Dataset<Row> documents,
      Dataset<Row> openQa,
      Target target) {
    return switch (family.source()) {
      case TOPICS, INSTRUCTION_TURNS ->
          leaves.flatMap(
              WorkItems.FamilyRequests.ofTopics(stage, family.subjects()), requestRows());
      case DOCUMENTS ->
          documents.flatMap(WorkItems.FamilyRequests.ofDocuments(stage), requestRows());
      case KEYWORDS ->
          inputs
              .keywords(family, leaves, target)
              .flatMap(
                  WorkItems.FamilyRequests.ofKeywords(stage, family.subjects()), requestRows());
      case OPEN_QUESTIONS -> {
        if (openQa == null) {
          throw new ConfigException(
              "prompts.families.two-turn starts from open questions: enable"
                  + " prompts.families.open-qa as well");
        }
        yield openQa
            .orderBy("prompt_id")
            .limit((int) family.limit())
            .flatMap(WorkItems.FamilyRequests.ofPrompts(stage), requestRows());
      }
    };
  }

  /** Runs one family's requests as a resumable model stage; its prompts, kept under staging. */
  private Dataset<Row> generate(PromptFamily family, Dataset<Row> requests, Target target) {
    run.describe("prompts", "Family " + family.name());
    String name =
        "prompts-"
            + family.name()
            + "-"
            + family
                .requestId(new FamilyRequest(null, null, null, null, null, null, null, null))
                .substring(0, 8);
    return run.stage(
        name,
        Tables.PROMPT,
        "prompt_id",
        requests,
        ModelCalls.to(target, Tables.PROMPT, Calls.family(family, target.name())));
  }

  private Dataset<Row> removeDuplicates(Dataset<Row> prompts, Dataset<Row> documents) {
    var dedup = run.config().prompts().dedup();
    if (!dedup.enabled()) {
      return prompts;
    }
    run.describe("prompts", "Remove duplicate prompts (threshold " + dedup.threshold() + ")");
    PromptDedup.Result result = PromptDedup.run(prompts, documents, dedup, seed());
    run.write(Tables.DUPLICATES, result.duplicates());
    Dataset<Row> removed = run.committed(Tables.DUPLICATES).select(col("prompt_id").as("dup_id"));
    return prompts.join(removed, col("prompt_id").equalTo(col("dup_id")), "left_anti");
  }

  static Encoder<Row> requestRows() {
    return Encoders.row(WorkItems.FAMILY_REQUEST.schema());
  }

  private static String model(Target target) {
    return target.config().model();
  }

  private static Sampling sampling(Target target) {
    return RunContext.sampling(target.config());
  }

  private long seed() {
    return run.config().run().seed();
  }
}
