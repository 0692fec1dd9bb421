package io.sparksdg.spark.run;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.records.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    parts.add(config.responses());
    parts.add(config.scores());
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
}
