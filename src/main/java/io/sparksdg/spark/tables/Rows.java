package io.sparksdg.spark.tables;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Reads a Row's fields by column name, so the adapter code does not depend on the order of the
 * columns of a select, a group-by or a table. The row must carry its schema, as the rows Spark
 * hands to functions and collects do; a missing column fails naming it.
 */
public final class Rows {

  private Rows() {}

  /** The string in column {@code name}, or null. */
  public static String string(Row row, String name) {
    return row.getString(row.fieldIndex(name));
  }

  /** The struct in column {@code name}, or null. */
  public static Row struct(Row row, String name) {
    return row.getStruct(row.fieldIndex(name));
  }

  /** The long in column {@code name}; fails if it is null. */
  public static long longValue(Row row, String name) {
    return row.getLong(row.fieldIndex(name));
  }

  /** The int in column {@code name}; fails if it is null. */
  public static int intValue(Row row, String name) {
    return row.getInt(row.fieldIndex(name));
  }

  /** The double in column {@code name}; fails if it is null. */
  public static double doubleValue(Row row, String name) {
    return row.getDouble(row.fieldIndex(name));
  }

  /** The array in column {@code name} as a Java list, or null. */
  public static <T> List<T> list(Row row, String name) {
    return row.getList(row.fieldIndex(name));
  }

  /** Whether column {@code name} is null. */
  public static boolean isNull(Row row, String name) {
    return row.isNullAt(row.fieldIndex(name));
  }

  /** The string in column {@code name}, or null when it is null or the row has no such column. */
  public static String stringOrNull(Row row, String name) {
    if (row.schema() == null) {
      return null;
    }
    scala.Option<Object> index = row.schema().getFieldIndex(name);
    return index.isDefined() ? row.getString((Integer) index.get()) : null;
  }
}
