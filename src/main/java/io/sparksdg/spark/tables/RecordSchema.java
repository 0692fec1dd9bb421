package io.sparksdg.spark.tables;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A table's schema, derived from the record that models its rows: one column per component, named
 * in snake_case, in declaration order. So the Java record is the one definition of a table, and row
 * conversion cannot drift from it.
 *
 * <p>Supported component types: String, int/Integer, long/Long, double/Double, boolean/Boolean,
 * List&lt;String&gt; and List&lt;{@link Message}&gt; (an array of {@code {role, content}} structs).
 */
public final class RecordSchema<T extends Record> implements Serializable {

  public static final StructType MESSAGE =
      new StructType()
          .add("role", DataTypes.StringType, false)
          .add("content", DataTypes.StringType, false);
  public static final ArrayType MESSAGES = DataTypes.createArrayType(MESSAGE, false);

  private final Class<T> type;
  private final StructType schema;
  private transient Accessors accessors;

  private RecordSchema(Class<T> type) {
    this.type = type;
    StructType s = new StructType();
    for (RecordComponent c : type.getRecordComponents()) {
      s = s.add(column(c.getName()), sparkType(c.getGenericType()), !c.getType().isPrimitive());
    }
    this.schema = s;
  }

  public static <T extends Record> RecordSchema<T> of(Class<T> type) {
    return new RecordSchema<>(type);
  }

  public StructType schema() {
    return schema;
  }

  public Row toRow(T record) {
    Accessors a = accessors();
    Object[] values = new Object[a.getters.length];
    try {
      for (int i = 0; i < values.length; i++) {
        values[i] = toSpark(a.getters[i].invoke(record));
      }
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot convert " + type.getSimpleName() + " to a row", e);
    }
    return RowFactory.create(values);
  }

  /**
   * Reads a row by column name, so extra columns (such as run_fingerprint) are ignored and a
   * nullable column the row lacks reads as null.
   */
  public T fromRow(Row row) {
    Accessors a = accessors();
    Object[] args = new Object[a.components.length];
    for (int i = 0; i < args.length; i++) {
      Object value = value(row, schema.fields()[i]);
      if (value == null && a.components[i].getType().isPrimitive()) {
        throw new IllegalStateException(
            "Column "
                + schema.fields()[i].name()
                + " of a "
                + type.getSimpleName()
                + " is null: its rows were written by an older spark-sdg that lacked the"
                + " column; write this run to a new --out (or delete that output root's _staging"
                + " folder to start afresh)");
      }
      args[i] = fromSpark(value, a.components[i].getGenericType());
    }
    try {
      return type.cast(a.constructor.newInstance(args));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read a " + type.getSimpleName() + " from " + row, e);
    }
  }

  /**
   * A column's value; null for a nullable column the row lacks (a table written before the column
   * was added, such as {@code reasoning}).
   */
  private static Object value(Row row, org.apache.spark.sql.types.StructField field) {
    if (field.nullable()
        && row.schema() != null
        && row.schema().getFieldIndex(field.name()).isEmpty()) {
      return null;
    }
    return row.get(row.fieldIndex(field.name()));
  }

  static String column(String component) {
    return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static DataType sparkType(Type t) {
    if (t == String.class) {
      return DataTypes.StringType;
    } else if (t == int.class || t == Integer.class) {
      return DataTypes.IntegerType;
    } else if (t == long.class || t == Long.class) {
      return DataTypes.LongType;
    } else if (t == double.class || t == Double.class) {
      return DataTypes.DoubleType;
    } else if (t == boolean.class || t == Boolean.class) {
      return DataTypes.BooleanType;
    } else if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      if (element == Message.class) {
        return MESSAGES;
      }
      if (element == String.class) {
        return DataTypes.createArrayType(DataTypes.StringType, true);
      }
    }
    throw new IllegalArgumentException("No column type for " + t);
  }

  private static Object toSpark(Object value) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        // With its schema, so a record read back from this row finds role and content by name.
        out.add(
            element instanceof Message m
                ? new GenericRowWithSchema(new Object[] {m.role(), m.content()}, MESSAGE)
                : element);
      }
      // Spark's row encoder takes arrays as Scala sequences.
      return CollectionConverters.asScala(out).toSeq();
    }
    return value;
  }

  private static Object fromSpark(Object value, Type t) {
    if (value == null) {
      if (t instanceof Class<?> c && c.isPrimitive()) {
        throw new IllegalStateException("Null in a non-null column of type " + c);
      }
      return null;
    }
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Iterable<?> elements =
          value instanceof scala.collection.Iterable<?> s
              ? CollectionConverters.asJava(s)
              : (Iterable<?>) value;
      List<Object> out = new ArrayList<>();
      for (Object element : elements) {
        out.add(
            element instanceof Row r
                ? new Message(Rows.string(r, "role"), Rows.string(r, "content"))
                : element);
      }
      return List.copyOf(out);
    }
    return value;
  }

  private Accessors accessors() {
    if (accessors == null) {
      accessors = new Accessors(type);
    }
    return accessors;
  }

  private static final class Accessors {
    final RecordComponent[] components;
    final MethodHandle[] getters;
    final Constructor<?> constructor;

    Accessors(Class<? extends Record> type) {
      components = type.getRecordComponents();
      getters = new MethodHandle[components.length];
      Class<?>[] parameterTypes = new Class<?>[components.length];
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      try {
        for (int i = 0; i < components.length; i++) {
          getters[i] = lookup.unreflect(components[i].getAccessor());
          parameterTypes[i] = components[i].getType();
        }
        constructor = type.getDeclaredConstructor(parameterTypes);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
