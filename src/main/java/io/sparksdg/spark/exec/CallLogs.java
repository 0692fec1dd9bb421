package io.sparksdg.spark.exec;

import io.sparksdg.spark.tables.Rows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;

/**
 * A task's outcome log writers: its function's own log first, then its follow-ups' logs in order,
 * the group follow-up's last; and whether the task should start no new call.
 */
final class CallLogs {
  private final OutcomeLog log;
  private final SpendLimit limit;
  private final Collection<Target> targets;
  private final OutcomeLog.TaskLogs task;
  private volatile boolean budgetSpent;
  private final OutcomeLog.Writer own;
  private final List<OutcomeLog.Writer> followUps;
  private final OutcomeLog.Writer group;
  private final Groups<?> groups = new Groups<>();

  CallLogs(
      OutcomeLog log,
      SpendLimit limit,
      Collection<Target> targets,
      OutcomeLog.Writer own,
      List<OutcomeLog.Writer> followUps,
      OutcomeLog.Writer group) {
    this.log = log;
    this.limit = limit;
    this.targets = targets;
    this.own = own;
    this.followUps = followUps;
    this.group = group;
    // flushed in this order: an outcome is never committed before one it follows
    List<OutcomeLog.Writer> all = new ArrayList<>();
    all.add(own);
    all.addAll(followUps);
    if (group != null) {
      all.add(group);
    }
    this.task = new OutcomeLog.TaskLogs(log, all);
  }

  /**
   * The task's work without what an earlier attempt committed, ending early when the driver signals
   * a stop (the run's budget is spent).
   */
  Iterator<Row> skipCommitted(Iterator<Row> work, TaskContext task) {
    Set<String> done = log.committedByEarlierAttempts(task);
    Iterator<Row> todo =
        done.isEmpty()
            ? work
            : Iterators.filter(work, row -> !done.contains(Rows.string(row, ModelCalls.WORK_ID)));
    return Iterators.until(todo, this::stopped);
  }

  /** Whether to start no new call: the driver said so, or this JVM's budget share is spent. */
  boolean stopped() {
    if (task.stopped()) {
      return true;
    }
    if (budgetSpent) {
      return true;
    }
    if (limit != null && limit.spent(targets)) {
      synchronized (this) {
        if (!budgetSpent) {
          budgetSpent = true;
          limit.stopped();
        }
      }
      return true;
    }
    return false;
  }

  void own(Row outcome) {
    task.append(own, outcome);
  }

  void followUp(int index, Row outcome) {
    task.append(followUps.get(index), outcome);
  }

  void group(Row outcome) {
    task.append(group, outcome);
  }

  @SuppressWarnings("unchecked")
  <T> Groups<T> groups() {
    return (Groups<T>) groups;
  }

  void close() {
    task.close();
  }
}
