package io.sparksdg.spark.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The run statistics of an output root across its runs: a resumed run adds its own counters as one
 * more entry of {@code attempts} in {@code _metrics.json} and the {@code total} is summed over all
 * of them, so a re-run that requests nothing keeps the first run's history.
 *
 * <p>Counters, tokens and cost add up. Latency percentiles cannot be merged exactly from
 * percentiles: the total's are the successful calls' percentiles of each run weighted by its
 * successes (exact when one run made all the successful calls, as a first run and a resume of a
 * finished one do).
 */
final class MetricsHistory {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Counters of an endpoint that add up across runs. */
  private static final String[] SUMMED = {
    "requests", "successes", "retries", "failures", "prompt-tokens", "completion-tokens"
  };

  private static final String[] PERCENTILES = {"p50", "p90", "p99"};

  private MetricsHistory() {}

  /**
   * {@code current} (this run's {@code _metrics.json}) with {@code attempts}, every run of the root
   * oldest first, and {@code total} over them.
   *
   * @param previous the {@code _metrics.json} found under the root, or a missing node; a file of
   *     another config fingerprint starts the history afresh
   */
  static ObjectNode merge(JsonNode previous, ObjectNode current, ObjectMapper json) {
    ArrayNode attempts = NODES.arrayNode();
    if (previous != null
        && previous.isObject()
        && previous.path("fingerprint").equals(current.path("fingerprint"))) {
      if (previous.has("attempts")) {
        for (JsonNode a : previous.get("attempts")) {
          if (!a.path("run-id").equals(current.path("run-id"))) {
            attempts.add(a);
          }
        }
      } else { // written before runs were kept: it was one run
        attempts.add(attempt(previous));
      }
    }
    attempts.add(attempt(current));
    ObjectNode out = current.deepCopy();
    out.set("attempts", attempts);
    out.set("total", total(attempts));
    return out;
  }

  /** The per-run part of a {@code _metrics.json}. */
  private static ObjectNode attempt(JsonNode metrics) {
    ObjectNode a = NODES.objectNode();
    for (String key :
        new String[] {"run-id", "started", "finished", "endpoints", "stages", "cost-usd"}) {
      a.set(key, metrics.path(key).isMissingNode() ? NODES.nullNode() : metrics.get(key));
    }
    a.put("budget-spent", metrics.path("budget-spent").asBoolean(false));
    return a;
  }

  private static ObjectNode total(ArrayNode attempts) {
    ObjectNode endpoints = NODES.objectNode();
    Double cost = null;
    for (JsonNode a : attempts) {
      Iterator<Map.Entry<String, JsonNode>> it = a.path("endpoints").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        ObjectNode sum = (ObjectNode) endpoints.get(e.getKey());
        if (sum == null) {
          sum = NODES.objectNode();
          endpoints.set(e.getKey(), sum);
        }
        add(sum, e.getValue());
      }
      if (a.path("cost-usd").isNumber()) {
        cost = (cost == null ? 0 : cost) + a.get("cost-usd").asDouble();
      }
    }
    endpoints.forEach(MetricsHistory::finishLatency);
    ObjectNode total = NODES.objectNode();
    total.put("runs", attempts.size());
    total.set("endpoints", endpoints);
    total.set("cost-usd", cost == null ? NODES.nullNode() : NODES.numberNode(round(cost)));
    return total;
  }

  private static void add(ObjectNode sum, JsonNode m) {
    for (String k : SUMMED) {
      sum.put(k, sum.path(k).asLong(0) + m.path(k).asLong(0));
    }
    for (String k : new String[] {"retries-by-class", "failures-by-class"}) {
      ObjectNode classes = sum.has(k) ? (ObjectNode) sum.get(k) : sum.putObject(k);
      m.path(k)
          .fields()
          .forEachRemaining(
              c ->
                  classes.put(
                      c.getKey(), classes.path(c.getKey()).asLong(0) + c.getValue().asLong()));
    }
    if (m.path("cost-usd").isNumber()) {
      sum.put("cost-usd", round(sum.path("cost-usd").asDouble(0) + m.get("cost-usd").asDouble()));
    } else if (!sum.has("cost-usd")) {
      sum.putNull("cost-usd");
    }
    // weighted sums of percentiles, divided by the successes in finishLatency
    long successes = m.path("successes").asLong(0);
    ObjectNode weighted =
        sum.has("_latency") ? (ObjectNode) sum.get("_latency") : sum.putObject("_latency");
    for (String p : PERCENTILES) {
      JsonNode v = m.path("latency-ms").path(p);
      if (v.isNumber() && successes > 0) {
        weighted.put(p, weighted.path(p).asDouble(0) + v.asDouble() * successes);
        weighted.put(p + "-n", weighted.path(p + "-n").asLong(0) + successes);
      }
    }
  }

  private static void finishLatency(JsonNode node) {
    ObjectNode sum = (ObjectNode) node;
    JsonNode weighted = sum.remove("_latency");
    ObjectNode latency = sum.putObject("latency-ms");
    for (String p : PERCENTILES) {
      long n = weighted == null ? 0 : weighted.path(p + "-n").asLong(0);
      if (n > 0) {
        latency.put(p, Math.round(weighted.get(p).asDouble() / n * 10) / 10.0);
      } else {
        latency.putNull(p);
      }
    }
  }

  private static double round(double usd) {
    return Math.round(usd * 1e6) / 1e6;
  }
}
