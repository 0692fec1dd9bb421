package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code output}.
 *
 * @param root where the tables go: a local path or any Hadoop URI (hdfs://, s3a://, ...)
 * @param report whether a run ends by writing {@code _report/} (default true; {@code submit/sdg
 *     report} writes it later either way)
 */
public record OutputConfig(String root, Boolean report) implements Serializable {

  public static final OutputConfig DEFAULT = new OutputConfig(null, true);

  public OutputConfig {
    report = report == null || report;
  }

  public OutputConfig withRoot(String newRoot) {
    return new OutputConfig(newRoot, report);
  }
}
