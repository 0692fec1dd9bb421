package io.sparksdg.cli;

import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.model.http.HttpModelClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before any work starts, what would otherwise fail every record: that each endpoint's key
 * can be read and its host accepts connections.
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
      URI uri = URI.create(endpoint.baseUrl());
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
      } catch (IOException ex) {
        problems.add(
            String.format(
                "Endpoint '%s' at %s is unreachable (%s): start the server or fix endpoints.%s.base-url",
                e.getKey(), endpoint.baseUrl(), ex.getMessage(), e.getKey()));
      }
    }
    return problems;
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
              String key = HttpModelClients.resolveApiKey(name, endpoint);
              if (key != null && plainHttpToAnotherHost(endpoint)) {
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
