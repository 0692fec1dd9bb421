package io.sparksdg.spark.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

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
import io.sparksdg.stages.prompts.GenerateSubtopicsStage;
import io.sparksdg.stages.prompts.GenerateTopicsStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code topics} table: macro topics from the generator, subtopics of each, and the user's
 * topics file; one row per normalized name.
 */
public final class TopicsStep {

  private final RunContext run;

  public TopicsStep(RunContext run) {
    this.run = run;
  }

  /** Returns the committed {@code topics} table. */
  public Dataset<Row> run() {
    PromptsConfig pc = run.config().prompts();
    Target target = run.target(pc.generator(), "prompts.generator");
    String model = target.config().model();
    Sampling sampling = RunContext.sampling(target.config());
    long seed = run.config().run().seed();

    run.describe("topics", "Generate " + pc.topics() + " topics");
    GenerateTopicsStage topicsStage =
        new GenerateTopicsStage(run.template("macro-topics"), model, sampling, pc.topics(), seed);
    Dataset<Row> topicWork =
        run.spark()
            .createDataFrame(
                List.of(RowFactory.create(topicsStage.requestId())),
                new StructType().add(ModelCalls.WORK_ID, DataTypes.StringType, false));
    Dataset<Row> topics =
        run.stage(
            Tables.TOPICS,
            Tables.TOPIC,
            "topic_id",
            topicWork,
            ModelCalls.to(target, Tables.TOPIC, Calls.topics(topicsStage, target.name())));
    if (pc.subtopicsPerTopic() > 0) {
      run.describe("topics", pc.subtopicsPerTopic() + " subtopics per topic");
      GenerateSubtopicsStage sub =
          new GenerateSubtopicsStage(
              run.template("subtopics"), model, sampling, pc.subtopicsPerTopic(), seed);
      Dataset<Row> requests =
          topics.map(new WorkItems.TopicRequest(sub), Encoders.row(WorkItems.TOPIC_REQUESTS));
      topics =
          topics.unionByName(
              run.stage(
                  "topics-subtopics",
                  Tables.TOPIC,
                  "topic_id",
                  requests,
                  ModelCalls.to(target, Tables.TOPIC, Calls.subtopics(sub, target.name()))));
    }
    if (pc.topicsFile() != null) {
      topics = topics.unionByName(userTopics(pc.topicsFile()));
    }
    // One row per normalized name; a macro or user topic wins over a subtopic of the same name.
    run.write(
        Tables.TOPICS,
        topics
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy("topic_id")
                            .orderBy(col("parent_id").asc_nulls_first(), col("name"))))
            .where(col("_rank").equalTo(1))
            .drop("_rank"));
    return run.committed(Tables.TOPICS);
  }

  /**
   * User topics, one a line, as topic rows (template {@value TopicRecord#USER_TEMPLATE}, version
   * 0).
   */
  private Dataset<Row> userTopics(String file) {
    List<Row> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          rows.add(
              Tables.TOPIC.toRow(
                  new TopicRecord(
                      TopicRecord.idOf(t), t, null, null, TopicRecord.USER_TEMPLATE, 0)));
        }
      }
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot read prompts.topics-file " + file + ": " + e.getMessage() + "; check the path");
    }
    return run.spark().createDataFrame(rows, Tables.TOPIC.schema());
  }
}
