package io.sparksdg.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** {@code report.json}: the report's figures with kebab-case keys, like the run's other files. */
public final class ReportJson {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ReportJson() {}

  public static String write(RunReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the run report as JSON", e);
    }
  }

  public static RunReport read(String json) {
    try {
      return JSON.readValue(json, RunReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a run report: " + e.getOriginalMessage(), e);
    }
  }
}
