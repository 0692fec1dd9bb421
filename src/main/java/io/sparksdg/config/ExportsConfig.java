package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code exports}: trainer-ready files written beside the tables, under {@code <output
 * root>/exports/}.
 *
 * @param enabled whether to write them
 */
public record ExportsConfig(Boolean enabled) implements Serializable {

  public static final ExportsConfig DEFAULT = new ExportsConfig(null);

  public ExportsConfig {
    enabled = enabled == null || enabled;
  }
}
