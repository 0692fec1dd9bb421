package io.sparksdg.spark.exec;

import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;

/**
 * A task's groups in progress ({@link ModelCalls#thenPerGroup}): members so far and how many of
 * their items settled.
 */
final class Groups<T> {
  private final Map<String, Members<T>> open = new ConcurrentHashMap<>();

  private static final class Members<T> {
    final List<T> values = new ArrayList<>();
    int settled;
  }

  /**
   * Counts one work item of its group in; when it is the group's last, starts the group's calls
   * (unless the task stopped) and completes when their outcomes are logged.
   */
  <U extends Record> CompletableFuture<Void> settled(
      ModelCalls.PerGroup<T, U> group,
      Row work,
      List<T> values,
      Clients clients,
      CallLogs logs,
      String launch) {
    String key = path(work, group.key());
    Members<T> members = open.computeIfAbsent(key, k -> new Members<>());
    List<T> whole;
    synchronized (members) {
      members.values.addAll(values);
      members.settled++;
      if (members.settled < group.size()) {
        return CompletableFuture.completedFuture(null);
      }
      whole = List.copyOf(members.values);
    }
    open.remove(key);
    if (whole.isEmpty() || logs.stopped()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(
            () -> {
              EndpointBreaker.check(launch, group.target().name());
              return group.call().apply(work, whole, clients);
            },
            ModelCalls.FOLLOW_UPS)
        .thenCompose(
            calls ->
                CompletableFuture.allOf(
                    calls.entrySet().stream()
                        .map(
                            c ->
                                c.getValue()
                                    .thenAccept(
                                        outcome -> {
                                          ModelCalls.breaker(launch, group.target(), outcome);
                                          logs.group(
                                              Outcomes.toRow(c.getKey(), outcome, group.schema()));
                                        }))
                        .toArray(CompletableFuture[]::new)));
  }

  /** A dotted column path's string value, e.g. {@code prompt.prompt_id}. */
  private static String path(Row row, String dotted) {
    String[] parts = dotted.split("\\.");
    Row struct = row;
    for (int i = 0; i < parts.length - 1; i++) {
      struct = Rows.struct(struct, parts[i]);
    }
    return Rows.string(struct, parts[parts.length - 1]);
  }
}
