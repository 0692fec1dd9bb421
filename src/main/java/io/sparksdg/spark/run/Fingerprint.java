package io.sparksdg.spark.run;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.ResponsesConfig;
import io.sparksdg.config.ScoresConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.records.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run fingerprint: a hash of the configuration that changes results (models, sampling, stage
 * settings, filters, the seed), and not of what only changes how fast they come (URLs, concurrency,
 * timeouts, the output root).
 */
public final class Fingerprint {

  private Fingerprint() {}

  public static String of(SdgConfig config) {
    List<Object> parts = new ArrayList<>();
    for (Map.Entry<String, EndpointConfig> e : config.endpoints().entrySet()) {
      EndpointConfig c = e.getValue();
      parts.add(
          e.getKey()
              + "="
              + c.model()
              + "/"
              + c.kind()
              + "/"
              + c.temperature()
              + "/"
              + c.topP()
              + "/"
              + c.maxTokens());
    }
    parts.add(config.prompts());
    parts.add(responses(config.responses()));
    parts.add(scores(config.scores()));
    parts.add(config.filter());
    parts.add(config.preferences());
    parts.add(config.run().seed());
    parts.add("round=" + config.run().round());
    parts.add(config.dialogues());
    // Added only when used, so configs without them keep the fingerprints they had.
    if (config.safety().enabled()) {
      parts.add(config.safety());
    }
    if (!config.sft().blends().isEmpty()) {
      parts.add(config.sft());
    }
    return Ids.of(parts.toArray());
  }

  /** The responses keys, written as before reasoning modes existed unless one is set. */
  static String responses(ResponsesConfig r) {
    String keys =
        "ResponsesConfig[generator="
            + r.generator()
            + ", perPrompt="
            + r.perPrompt()
            + ", generators="
            + r.generators();
    if (r.reasoningModes()) {
      keys +=
          ", reasoning="
              + r.reasoning()
              + ", reasoningByFamily="
              + new TreeMap<>(r.reasoningByFamily())
              + ", reasoningPrompts="
              + new TreeMap<>(r.reasoningPrompts());
    }
    return keys + "]";
  }

  /** The scores keys, written as before {@code include-reasoning} existed unless it is on. */
  static String scores(ScoresConfig s) {
    return "ScoresConfig[judge="
        + s.judge()
        + ", weights="
        + s.weights()
        + (s.includeReasoning() ? ", includeReasoning=true" : "")
        + "]";
  }
}
