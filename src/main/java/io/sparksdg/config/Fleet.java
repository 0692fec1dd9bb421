package io.sparksdg.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The replicas and keys behind one endpoint: {@code base-url} may list several servers of the same
 * model, and {@code api-key-env}, {@code api-key-file} or {@code api-keys} several keys. A call
 * goes to the live replica with the most room and takes the key with the shortest wait; any key
 * works on any replica.
 *
 * @param replicas the servers' base URLs, at least one, no duplicates; the first is {@code
 *     base-url}
 * @param keys the keys, in their configured order (positions in logs count from 1); empty when the
 *     endpoint takes no key
 */
public record Fleet(List<String> replicas, List<KeySource> keys) implements Serializable {

  public Fleet {
    replicas = List.copyOf(replicas);
    keys = List.copyOf(keys);
    Checks.require(!replicas.isEmpty(), "base-url is required");
    Checks.require(
        new HashSet<>(replicas).size() == replicas.size(),
        "base-url lists the same replica twice: %s",
        replicas);
    Checks.require(
        !replicas.contains(EndpointConfig.EMBEDDED) || replicas.size() == 1,
        "base-url '%s' cannot be one of several replicas; list http(s) URLs instead",
        EndpointConfig.EMBEDDED);
  }

  /** The single-replica, at-most-one-key fleet of a plain connection. */
  static Fleet of(EndpointConfig.Connection connection) {
    List<KeySource> keys = new ArrayList<>();
    if (connection.apiKeyEnv() != null || connection.apiKeyFile() != null) {
      keys.add(new KeySource(connection.apiKeyEnv(), connection.apiKeyFile(), null, null));
    }
    return new Fleet(List.of(connection.baseUrl()), keys);
  }
}
