package io.sparksdg.spark.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class RowsTest {

  private static final StructType SCHEMA =
      new StructType()
          .add("count", DataTypes.LongType, false)
          .add("name", DataTypes.StringType, true)
          .add("bin", DataTypes.IntegerType, false)
          .add("mean", DataTypes.DoubleType, false)
          .add("message", RecordSchema.MESSAGE, true)
          .add("deciles", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private static Row row(String name, Row message) {
    return new GenericRowWithSchema(
        new Object[] {
          42L, name, 7, 0.5, message, CollectionConverters.asScala(List.of(0.1, 0.5, 0.9)).toSeq()
        },
        SCHEMA);
  }

  @Test
  void readsEachKindOfFieldByItsName() {
    Row message = new GenericRowWithSchema(new Object[] {"user", "hi"}, RecordSchema.MESSAGE);
    Row r = row("reward", message);

    assertThat(Rows.longValue(r, "count")).isEqualTo(42L);
    assertThat(Rows.string(r, "name")).isEqualTo("reward");
    assertThat(Rows.intValue(r, "bin")).isEqualTo(7);
    assertThat(Rows.doubleValue(r, "mean")).isEqualTo(0.5);
    assertThat(Rows.struct(r, "message")).isEqualTo(message);
    assertThat(Rows.string(Rows.struct(r, "message"), "content")).isEqualTo("hi");
    assertThat(Rows.<Double>list(r, "deciles")).containsExactly(0.1, 0.5, 0.9);
    assertThat(Rows.isNull(r, "name")).isFalse();
  }

  @Test
  void readsNullsOfNullableFields() {
    Row r = row(null, null);

    assertThat(Rows.isNull(r, "name")).isTrue();
    assertThat(Rows.string(r, "name")).isNull();
    assertThat(Rows.struct(r, "message")).isNull();
  }

  @Test
  void readsAnOptionalColumnOrNullWhereTheRowLacksIt() {
    Row with =
        new GenericRowWithSchema(
            new Object[] {"unsafe"},
            new StructType().add("prompt_safety", DataTypes.StringType, true));
    Row without =
        new GenericRowWithSchema(
            new Object[] {"x"}, new StructType().add("other", DataTypes.StringType, true));
    assertThat(Rows.stringOrNull(with, "prompt_safety")).isEqualTo("unsafe");
    assertThat(Rows.stringOrNull(without, "prompt_safety")).isNull();
    assertThat(Rows.stringOrNull(org.apache.spark.sql.RowFactory.create("x"), "prompt_safety"))
        .isNull();
  }

  @Test
  void failsNamingAColumnTheRowDoesNotHave() {
    assertThatThrownBy(() -> Rows.string(row("x", null), "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }
}
