package io.sparksdg.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointMode;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.Sampling;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch API client against the simulator, with a required key. */
class BatchApiTest {

  private static final String KEY = "sk-batch-secret-123";

  @TempDir Path dir;

  private EndpointConfig config(Simulator sim, Path keyFile) {
    return EndpointConfig.builder()
        .baseUrl(sim.baseUrl() + "/v1")
        .model("simulated-instruct")
        .apiKeyFile(keyFile == null ? null : keyFile.toString())
        .mode(EndpointMode.BATCH)
        .maxTokens(64)
        .build();
  }

  @Test
  void uploadsCreatesPollsAndReadsEveryLine() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withRequiredApiKey(KEY)
            .withSeed(3)
            .withBatches(new SimulatorOptions.Batches(Duration.ZERO, 0.3, 0.3));
    try (Simulator sim = Simulator.start(options)) {
      Path keyFile = Files.writeString(dir.resolve("key"), KEY);
      EndpointConfig config = config(sim, keyFile);
      BatchApi api = BatchApi.of("gen", config);
      StringBuilder jsonl = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        ChatRequest request =
            ChatRequest.of(List.of(Message.user("Question " + i + "?")), Sampling.DEFAULT);
        String line = BatchApi.requestLine("w" + i, request, config);
        assertThat(BatchApi.customId(line)).isEqualTo("w" + i);
        jsonl.append(line).append('\n');
      }
      String fileId = api.upload("in.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8));
      String batchId = api.create(fileId);
      BatchApi.Status status = api.status(batchId);
      assertThat(status.terminal()).isTrue();
      assertThat(status.status()).isEqualTo("expired");
      assertThat(status.total()).isEqualTo(20);

      Map<String, BatchApi.Result> results = new HashMap<>();
      for (String file : new String[] {status.outputFileId(), status.errorFileId()}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.download(file, out);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            BatchApi.Result r = api.result(line, batchId, 1);
            assertThat(results.put(r.customId(), r)).isNull();
            assertThat(BatchApi.resubmit(line)).isEqualTo(r.resubmit());
          }
        }
      }
      assertThat(results).hasSize(20);
      long ok = results.values().stream().filter(r -> r.completion() != null).count();
      assertThat(ok).isEqualTo(status.completed()).isPositive();
      assertThat(results.values())
          .filteredOn(r -> r.completion() != null)
          .allSatisfy(
              r -> {
                assertThat(r.completion().text()).isNotBlank();
                assertThat(r.completion().usage().completionTokens()).isPositive();
                assertThat(r.resubmit()).isFalse();
              });
      assertThat(results.values())
          .filteredOn(r -> r.failure() != null)
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.failure().errorClass())
                    .isIn(ErrorClass.SERVER_ERROR, ErrorClass.TIMEOUT);
                assertThat(r.resubmit()).isTrue();
                assertThat(r.failure().getMessage())
                    .startsWith("Endpoint 'gen' batch " + batchId)
                    .doesNotContain(KEY);
              });
    }
  }

  @Test
  void aWrongKeyFailsAtOnceWithoutShowingIt() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withRequiredApiKey(KEY))) {
      Path keyFile = Files.writeString(dir.resolve("key"), "sk-wrong-456");
      BatchApi api = BatchApi.of("gen", config(sim, keyFile));
      assertThatThrownBy(() -> api.upload("in.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(ModelCallException.class)
          .hasMessageContaining("Endpoint 'gen' batch API")
          .hasMessageContaining("401")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-wrong-456", KEY))
          .extracting(e -> ((ModelCallException) e).errorClass())
          .isEqualTo(ErrorClass.AUTH);
    }
  }
}
