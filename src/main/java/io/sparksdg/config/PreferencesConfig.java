package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code preferences}.
 *
 * @param minMargin the least reward gap between chosen and rejected for a pair to be kept
 */
public record PreferencesConfig(Double minMargin) implements Serializable {

  public static final PreferencesConfig DEFAULT = new PreferencesConfig(null);

  public PreferencesConfig {
    minMargin = minMargin == null ? 0.5 : minMargin;
    Checks.require(minMargin >= 0, "min-margin must not be negative, got %s", minMargin);
  }
}
