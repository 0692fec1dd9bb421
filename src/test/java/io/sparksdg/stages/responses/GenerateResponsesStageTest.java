package io.sparksdg.stages.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.ResponseRecord;
import io.sparksdg.stages.FakeModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateResponsesStageTest {

  private final Sampling sampling = new Sampling(0.7, null, 256, null);
  private final GenerateResponsesStage stage = new GenerateResponsesStage("m", sampling, 3, 42);

  private static PromptRecord prompt(String id, String text) {
    return new PromptRecord(
        id,
        id,
        "imported",
        List.of(Message.user(text)),
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void samplesEachPromptPerPromptTimesWithDistinctSeedsAndIds() {
    FakeModels.Chat chat = new FakeModels.Chat(r -> "answer to " + r.messages().get(0).content());
    List<Outcome<ResponseRecord>> out = new ArrayList<>();
    stage
        .run(List.of(prompt("p1", "a"), prompt("p2", "b")).iterator(), chat, 4)
        .forEachRemaining(out::add);

    assertThat(out).hasSize(6).allMatch(o -> o instanceof Outcome.Ok);
    List<ResponseRecord> responses =
        out.stream().map(o -> ((Outcome.Ok<ResponseRecord>) o).value()).toList();
    assertThat(responses).extracting(ResponseRecord::responseId).doesNotHaveDuplicates();
    assertThat(responses)
        .filteredOn(r -> r.promptId().equals("p1"))
        .extracting(ResponseRecord::sampleIndex)
        .containsExactlyInAnyOrder(0, 1, 2);
    assertThat(chat.requests).extracting(r -> r.sampling().seed()).doesNotHaveDuplicates();
    assertThat(chat.requests)
        .allMatch(r -> r.sampling().temperature() == 0.7 && r.sampling().maxTokens() == 256);
    ResponseRecord first = responses.get(0);
    assertThat(first.model()).isEqualTo("fake-model");
    assertThat(first.finishReason()).isEqualTo("stop");
    assertThat(first.attempts()).isEqualTo(1);
  }

  @Test
  void aPricedGeneratorsResponseCostsItsTokensAtThePriceAndAnUnpricedOnesNothing() {
    // the fake uses 10 prompt tokens and one completion token per character of its answer
    FakeModels.Chat priced = new FakeModels.Chat(r -> "four", new PriceConfig(3.0, 15.0));
    ResponseRecord r = ok(stage.call(prompt("p1", "a"), 0, priced).join());
    assertThat(r.promptTokens()).isEqualTo(10);
    assertThat(r.completionTokens()).isEqualTo(4);
    assertThat(r.costUsd()).isCloseTo((10 * 3.0 + 4 * 15.0) / 1e6, within(1e-15));

    ResponseRecord free =
        ok(stage.call(prompt("p1", "a"), 0, new FakeModels.Chat(x -> "four")).join());
    assertThat(free.promptTokens()).isEqualTo(10);
    assertThat(free.completionTokens()).isEqualTo(4);
    assertThat(free.costUsd()).isNull();
  }

  @Test
  void idsAreDeterministicAcrossRuns() {
    assertThat(stage.responseId("p1", 0))
        .isEqualTo(new GenerateResponsesStage("m", sampling, 3, 7).responseId("p1", 0));
    assertThat(stage.responseId("p1", 0)).isNotEqualTo(stage.responseId("p1", 1));
    assertThat(stage.responseId("p1", 0))
        .isNotEqualTo(new GenerateResponsesStage("other", sampling, 3, 42).responseId("p1", 0));
  }

  @Test
  void aRejectedPromptBecomesFailuresAndTheRestGoOn() {
    FakeModels.Chat chat =
        new FakeModels.Chat(r -> r.messages().get(0).content().contains("bad") ? null : "ok");
    List<Outcome<ResponseRecord>> out = new ArrayList<>();
    stage
        .run(List.of(prompt("p1", "bad one"), prompt("p2", "good")).iterator(), chat, 2)
        .forEachRemaining(out::add);

    List<FailureRecord> failures =
        out.stream()
            .filter(o -> o instanceof Outcome.Failed)
            .map(o -> ((Outcome.Failed<ResponseRecord>) o).failure())
            .toList();
    assertThat(failures)
        .hasSize(3)
        .allSatisfy(
            f -> {
              assertThat(f.promptId()).isEqualTo("p1");
              assertThat(f.stage()).isEqualTo("responses");
              assertThat(f.errorClass()).isEqualTo("rejected");
              assertThat(f.httpStatus()).isEqualTo(400);
              assertThat(f.attempts()).isEqualTo(1);
            });
    assertThat(out).filteredOn(o -> o instanceof Outcome.Ok).hasSize(3);
  }

  /** The value of a successful outcome. */
  private static <T> T ok(Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok<T>) outcome).value();
  }
}
