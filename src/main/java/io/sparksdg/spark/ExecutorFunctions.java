package io.sparksdg.spark;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.io.RecordSchema;
import io.sparksdg.io.Tables;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.http.HttpModelClients;
import io.sparksdg.pipeline.FilterDecision;
import io.sparksdg.pipeline.GeneratePromptsStage;
import io.sparksdg.pipeline.GenerateResponsesStage;
import io.sparksdg.pipeline.GenerateTopicsStage;
import io.sparksdg.pipeline.ImportPromptsStage;
import io.sparksdg.pipeline.Outcome;
import io.sparksdg.pipeline.PairPreferencesStage;
import io.sparksdg.pipeline.PromptRecord;
import io.sparksdg.pipeline.QualityFilter;
import io.sparksdg.pipeline.ScoreResponsesStage;
import io.sparksdg.pipeline.ScoredResponse;
import io.sparksdg.pipeline.SftRecord;
import io.sparksdg.pipeline.TopicRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The thin executor side: each function converts rows to records, runs a plain-Java stage and
 * converts back. They hold only serializable stage settings and endpoint configs; HTTP clients come
 * from the per-JVM registry in {@link HttpModelClients}, created on first use.
 */
final class ExecutorFunctions {

  private ExecutorFunctions() {}

  /** Rows {@code (value, line)} of an imported JSONL file to prompt outcomes. */
  static final class ImportPrompts implements MapPartitionsFunction<Row, Row> {
    private final ImportPromptsStage stage;

    ImportPrompts(ImportPromptsStage stage) {
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

  /** One seed row to the topic list. */
  static final class GenerateTopics implements MapPartitionsFunction<Row, Row> {
    private final GenerateTopicsStage stage;
    private final String endpoint;
    private final EndpointConfig config;

    GenerateTopics(GenerateTopicsStage stage, String endpoint, EndpointConfig config) {
      this.stage = stage;
      this.endpoint = endpoint;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> seeds) {
      List<Row> out = new ArrayList<>();
      while (seeds.hasNext()) {
        seeds.next();
        ChatClient client = HttpModelClients.chat(endpoint, config);
        for (Outcome<TopicRecord> topic : stage.run(client).join()) {
          out.add(Outcomes.toRow(topic, Tables.TOPIC));
        }
      }
      return out.iterator();
    }
  }

  /** Topic rows to open-question prompt outcomes. */
  static final class GeneratePrompts implements MapPartitionsFunction<Row, Row> {
    private final GeneratePromptsStage stage;
    private final String endpoint;
    private final EndpointConfig config;

    GeneratePrompts(GeneratePromptsStage stage, String endpoint, EndpointConfig config) {
      this.stage = stage;
      this.endpoint = endpoint;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> topics) {
      ChatClient client = HttpModelClients.chat(endpoint, config);
      Iterator<List<Outcome<PromptRecord>>> batches =
          stage.run(map(topics, Tables.TOPIC::fromRow), client, config.maxConcurrency());
      return flatten(map(batches, batch -> toRows(batch, Tables.PROMPT)));
    }
  }

  /** Prompt rows to response outcomes. */
  static final class GenerateResponses implements MapPartitionsFunction<Row, Row> {
    private final GenerateResponsesStage stage;
    private final String endpoint;
    private final EndpointConfig config;

    GenerateResponses(GenerateResponsesStage stage, String endpoint, EndpointConfig config) {
      this.stage = stage;
      this.endpoint = endpoint;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> prompts) {
      ChatClient client = HttpModelClients.chat(endpoint, config);
      return map(
          stage.run(map(prompts, Tables.PROMPT::fromRow), client, config.maxConcurrency()),
          outcome -> Outcomes.toRow(outcome, Tables.RESPONSE));
    }
  }

  /** Rows {@code (prompt, response)} to score outcomes. */
  static final class ScoreResponses implements MapPartitionsFunction<Row, Row> {
    private final ScoreResponsesStage stage;
    private final String endpoint;
    private final EndpointConfig config;

    ScoreResponses(ScoreResponsesStage stage, String endpoint, EndpointConfig config) {
      this.stage = stage;
      this.endpoint = endpoint;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      RewardClient client = HttpModelClients.reward(endpoint, config);
      Iterator<ScoreResponsesStage.Item> items =
          map(
              rows,
              row ->
                  new ScoreResponsesStage.Item(
                      Tables.PROMPT.fromRow(row.getStruct(0)),
                      Tables.RESPONSE.fromRow(row.getStruct(1))));
      return map(
          stage.run(items, client, config.maxConcurrency()),
          outcome -> Outcomes.toRow(outcome, Tables.SCORE));
    }
  }

  /** Rows {@code (prompt, response, score)} to SFT rows, for those the filter keeps. */
  static final class FilterSft implements MapPartitionsFunction<Row, Row> {
    private final QualityFilter filter;

    FilterSft(QualityFilter filter) {
      this.filter = filter;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> kept = new ArrayList<>();
      while (rows.hasNext()) {
        ScoredResponse r = scored(rows.next());
        if (filter.decide(r.score()) instanceof FilterDecision.Keep) {
          kept.add(Tables.SFT_ROW.toRow(SftRecord.of(r)));
        }
      }
      return kept.iterator();
    }
  }

  /** The scored responses of one prompt to at most one preference pair. */
  static final class PairPreferences implements FlatMapGroupsFunction<String, Row, Row> {
    private final PairPreferencesStage stage;

    PairPreferences(PairPreferencesStage stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> rows) {
      List<ScoredResponse> responses = new ArrayList<>();
      rows.forEachRemaining(row -> responses.add(scored(row)));
      return stage.pair(responses).map(Tables.PREFERENCE::toRow).stream().iterator();
    }
  }

  static ScoredResponse scored(Row row) {
    return new ScoredResponse(
        Tables.PROMPT.fromRow(row.getStruct(0)),
        Tables.RESPONSE.fromRow(row.getStruct(1)),
        Tables.SCORE.fromRow(row.getStruct(2)));
  }

  private static <T extends Record> List<Row> toRows(
      List<Outcome<T>> outcomes, RecordSchema<T> schema) {
    List<Row> rows = new ArrayList<>(outcomes.size());
    for (Outcome<T> outcome : outcomes) {
      rows.add(Outcomes.toRow(outcome, schema));
    }
    return rows;
  }

  private static <A, B> Iterator<B> map(Iterator<A> in, java.util.function.Function<A, B> f) {
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
      private Iterator<T> current = java.util.Collections.emptyIterator();

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
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
