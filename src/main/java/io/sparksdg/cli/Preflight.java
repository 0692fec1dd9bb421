package io.sparksdg.cli;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.EndpointKind;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.http.HttpModelClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before any work starts, what would otherwise fail every record: that each endpoint's key
 * can be read and its host accepts connections; for {@code validate}, also that it serves the
 * configured model and, for a reward model, answers in the expected shape.
 */
final class Preflight {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Preflight.class);

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private Preflight() {}

  /** Problems found, one line each; empty when all is well. */
  static List<String> unreachable(SdgConfig config) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, EndpointConfig> e : config.endpoints().entrySet()) {
      EndpointConfig endpoint = e.getValue();
      if (endpoint.embedded()) {
        continue;
      }
      // a fleet is reachable when one of its replicas is: the others are ejected and probed
      List<String> down = new ArrayList<>();
      for (String url : endpoint.replicas()) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
        } catch (IOException ex) {
          down.add(url + " is unreachable (" + ex.getMessage() + ")");
        }
      }
      if (down.size() == endpoint.replicas().size()) {
        problems.add(
            String.format(
                "Endpoint '%s' at %s: start the server or fix endpoints.%s.base-url",
                e.getKey(), String.join("; ", down), e.getKey()));
      } else if (!down.isEmpty()) {
        LOG.warn(
            "Endpoint '{}': {} of {} replicas unreachable at start: {}; the run starts on the"
                + " others and probes these",
            e.getKey(),
            down.size(),
            endpoint.replicas().size(),
            String.join(", ", down));
      }
    }
    return problems;
  }

  /**
   * Asks each reachable endpoint what {@code validate} promises: that it lists the configured model
   * at {@code GET /v1/models}, and, for a reward model, that one tiny scoring request comes back in
   * the expected shape. Problems come back one line each; {@code notes} gets what passed or could
   * not be checked. Embedded endpoints are skipped.
   */
  static List<String> probe(SdgConfig config, List<String> notes) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, EndpointConfig> e : config.endpoints().entrySet()) {
      String name = e.getKey();
      EndpointConfig endpoint = e.getValue();
      if (endpoint.embedded()) {
        notes.add("Endpoint '" + name + "': the built-in simulator, started by the run");
        continue;
      }
      EndpointConfig once = oneAttempt(endpoint);
      String where = "Endpoint '" + name + "' at " + endpoint.baseUrl();
      if (servesModel(name, endpoint, once, where, problems, notes)
          && endpoint.kind() == EndpointKind.NEMOTRON_REWARD) {
        scoresTestReply(name, endpoint, once, where, problems, notes);
      }
    }
    return problems;
  }

  /** Whether the endpoint lists the model (or does not list models at all). */
  private static boolean servesModel(
      String name,
      EndpointConfig endpoint,
      EndpointConfig once,
      String where,
      List<String> problems,
      List<String> notes) {
    try {
      List<String> models = HttpModelClients.listModels(name, once);
      if (!models.contains(endpoint.model())) {
        problems.add(
            String.format(
                "%s does not serve model '%s' (it lists: %s): fix endpoints.%s.model",
                where,
                endpoint.model(),
                models.isEmpty() ? "none" : String.join(", ", models),
                name));
        return false;
      }
      notes.add(where + ": reachable, serves model '" + endpoint.model() + "'");
    } catch (ModelCallException ex) {
      if (ex.httpStatus() != 404 && ex.httpStatus() != 405) {
        problems.add(String.format("%s: %s%s", where, ex.getMessage(), hint(name, endpoint, ex)));
        return false;
      }
      notes.add(where + ": does not list its models (" + ex.httpStatus() + "); model not checked");
    }
    return true;
  }

  /** One tiny reward request, which must come back as scores. */
  private static void scoresTestReply(
      String name,
      EndpointConfig endpoint,
      EndpointConfig once,
      String where,
      List<String> problems,
      List<String> notes) {
    try {
      RewardScores scores =
          HttpModelClients.reward(name, once)
              .score(List.of(Message.user("What is 2+2?"), Message.assistant("4")))
              .get(once.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      StringBuilder shown = new StringBuilder();
      scores
          .attributes()
          .forEach(
              (k, v) ->
                  shown
                      .append(shown.length() == 0 ? "" : ", ")
                      .append(k)
                      .append(String.format(java.util.Locale.ROOT, " %.2f", v)));
      notes.add(where + ": scored a test reply (" + shown + ")");
    } catch (ExecutionException ex) {
      problems.add(
          String.format(
              "%s did not score a test reply in the %s shape (%s): check endpoints.%s.kind"
                  + " and endpoints.%s.model",
              where, endpoint.kind().key(), ex.getCause().getMessage(), name, name));
    } catch (TimeoutException ex) {
      problems.add(
          where
              + " did not answer a test scoring request within "
              + once.timeout().toSeconds()
              + " s: check that the server is up");
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      problems.add(where + ": interrupted");
    }
  }

  private static String hint(String name, EndpointConfig endpoint, ModelCallException ex) {
    if (ex.httpStatus() == 401 || ex.httpStatus() == 403) {
      return endpoint.apiKeyEnv() != null
          ? ": check the key in $" + endpoint.apiKeyEnv()
          : ": set endpoints." + name + ".api-key-env or api-key-file";
    }
    if (ex.httpStatus() == 0) {
      return ": start the server or fix endpoints." + name + ".base-url";
    }
    return "";
  }

  /**
   * The endpoint as a probe uses it: one attempt of at most 15 s, fixed concurrency, no per-minute
   * budgets; everything else (wire format, sampling, price) as configured.
   */
  static EndpointConfig oneAttempt(EndpointConfig e) {
    Duration timeout =
        e.timeout().compareTo(Duration.ofSeconds(15)) < 0 ? e.timeout() : Duration.ofSeconds(15);
    return e.toBuilder()
        .timeout(timeout)
        .maxAttempts(1)
        .maxConcurrency(1)
        .minConcurrency(1)
        .adaptive(false)
        .requestsPerMinute(null)
        .tokensPerMinute(null)
        .build();
  }

  /**
   * Reads every endpoint's key, so a missing variable or file stops the run before it starts, and
   * warns when a key would travel over plain http to another machine.
   */
  static void keys(SdgConfig config) {
    config
        .endpoints()
        .forEach(
            (name, endpoint) -> {
              boolean key = !HttpModelClients.resolveApiKeys(name, endpoint).isEmpty();
              if (key && plainHttpToAnotherHost(endpoint)) {
                LOG.warn(
                    "Endpoint '{}' sends its API key over plain http to {}: anyone on the path can"
                        + " read it; use https",
                    name,
                    endpoint.baseUrl());
              }
            });
  }

  static boolean plainHttpToAnotherHost(EndpointConfig endpoint) {
    if (endpoint.embedded()) {
      return false;
    }
    URI uri = URI.create(endpoint.baseUrl());
    if (!"http".equals(uri.getScheme())) {
      return false;
    }
    String host = uri.getHost();
    return !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }
}
