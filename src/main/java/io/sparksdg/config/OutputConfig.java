package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code output}.
 *
 * @param root where the tables go: a local path or any Hadoop URI (hdfs://, s3a://, ...)
 */
public record OutputConfig(String root) implements Serializable {

  public static final OutputConfig DEFAULT = new OutputConfig(null);
}
