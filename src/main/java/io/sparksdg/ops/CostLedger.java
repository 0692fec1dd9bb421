package io.sparksdg.ops;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.Usage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token usage by stage and endpoint, priced per endpoint. Stages are recorded in the order they
 * ran; an endpoint without a price costs nothing.
 */
public final class CostLedger {

  private final Map<String, String> models;
  private final Map<String, PriceConfig> prices;
  private final Map<String, Map<String, Usage>> stages = new LinkedHashMap<>();

  /**
   * @param models the model of each endpoint, by endpoint name
   * @param prices the price of each endpoint, by endpoint name
   */
  public CostLedger(Map<String, String> models, Map<String, PriceConfig> prices) {
    this.models = Map.copyOf(models);
    this.prices = Map.copyOf(prices);
  }

  /** Whether any endpoint has a price, i.e. whether costs can be other than zero. */
  public boolean priced() {
    return prices.values().stream().anyMatch(p -> p.inputPerMtok() > 0 || p.outputPerMtok() > 0);
  }

  /** The cost in dollars of {@code usage} at {@code endpoint}'s price. */
  public double cost(String endpoint, Usage usage) {
    return prices
        .getOrDefault(endpoint, PriceConfig.FREE)
        .cost(usage.promptTokens(), usage.completionTokens());
  }

  /** Adds a stage's usage of one endpoint; zero usage is not recorded. */
  public synchronized void add(String stage, String endpoint, Usage usage) {
    if (usage.totalTokens() == 0) {
      return;
    }
    stages
        .computeIfAbsent(stage, s -> new LinkedHashMap<>())
        .merge(
            endpoint,
            usage,
            (a, b) ->
                new Usage(
                    a.promptTokens() + b.promptTokens(),
                    a.completionTokens() + b.completionTokens()));
  }

  /**
   * The {@code stages} object of {@code _metrics.json}: per stage {@code prompt-tokens}, {@code
   * completion-tokens}, {@code cost-usd} and the same per endpoint (with its {@code model}) under
   * {@code endpoints}.
   */
  public synchronized Map<String, Object> stagesJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    stages.forEach(
        (stage, byEndpoint) -> {
          long prompt = 0;
          long completion = 0;
          double cost = 0;
          Map<String, Object> endpoints = new LinkedHashMap<>();
          for (Map.Entry<String, Usage> e : byEndpoint.entrySet()) {
            Usage u = e.getValue();
            double c = cost(e.getKey(), u);
            prompt += u.promptTokens();
            completion += u.completionTokens();
            cost += c;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model", models.get(e.getKey()));
            one.put("prompt-tokens", u.promptTokens());
            one.put("completion-tokens", u.completionTokens());
            one.put("cost-usd", usd(c));
            endpoints.put(e.getKey(), one);
          }
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("prompt-tokens", prompt);
          s.put("completion-tokens", completion);
          s.put("cost-usd", usd(cost));
          s.put("endpoints", endpoints);
          out.put(stage, s);
        });
    return out;
  }

  /** Dollars rounded to a millionth, as written to JSON. */
  public static double usd(double dollars) {
    return Math.round(dollars * 1e6) / 1e6;
  }
}
