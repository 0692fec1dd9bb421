package io.sparksdg.spark.exec;

import io.sparksdg.spark.tables.Outcomes;
import io.sparksdg.spark.tables.Tables;
import java.util.List;
import org.apache.spark.sql.Row;

/** Test access to a task's writer of an outcome log, from other packages. */
public final class OutcomeLogs {

  private OutcomeLogs() {}

  /** Appends failure outcome rows as one task would, then ends the task. */
  public static void appendAndClose(OutcomeLog log, List<Row> failures) {
    OutcomeLog.Writer writer = log.writer(Outcomes.schema(Tables.FAILURE), null);
    OutcomeLog.TaskLogs task = new OutcomeLog.TaskLogs(log, List.of(writer));
    failures.forEach(row -> task.append(writer, row));
    task.close();
  }
}
