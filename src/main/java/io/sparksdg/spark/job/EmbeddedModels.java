package io.sparksdg.spark.job;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.sim.Simulator;
import io.sparksdg.sim.SimulatorOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the built-in simulator on the driver when an endpoint's base-url is {@code embedded}, and
 * points those endpoints at it. Its output is simulated, and its model names say so.
 */
final class EmbeddedModels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedModels.class);

  private final Simulator simulator;

  private EmbeddedModels(Simulator simulator) {
    this.simulator = simulator;
  }

  /**
   * @param host the address executors reach the driver on (loopback in local mode)
   */
  static EmbeddedModels start(SdgConfig config, String host) {
    boolean any = config.endpoints().values().stream().anyMatch(EndpointConfig::embedded);
    if (!any) {
      return new EmbeddedModels(null);
    }
    Simulator simulator =
        Simulator.start(
            SimulatorOptions.defaults().toBuilder().host(host).seed(config.run().seed()).build());
    LOG.warn(
        "Endpoints with base-url 'embedded' use the built-in simulator at {}: their output is"
            + " SIMULATED, for trying the pipeline out, not for training",
        simulator.baseUrl());
    return new EmbeddedModels(simulator);
  }

  SdgConfig resolve(SdgConfig config) {
    SdgConfig resolved = config;
    for (Map.Entry<String, EndpointConfig> e : config.endpoints().entrySet()) {
      if (e.getValue().embedded()) {
        resolved = resolved.withEndpoint(e.getKey(), e.getValue().withBaseUrl(simulator.baseUrl()));
      }
    }
    return resolved;
  }

  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
