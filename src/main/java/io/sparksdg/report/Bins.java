package io.sparksdg.report;

import java.io.Serializable;

/**
 * Equal-width histogram bins: bin {@code i} holds {@code lo + i*width <= x < lo + (i+1)*width}; the
 * last bin also holds its upper edge, and values outside the range are clamped into the first or
 * last bin.
 */
public record Bins(double lo, double width, int count) implements Serializable {

  /** Bins aimed at when none is asked for: enough to show a shape on tens to millions of rows. */
  public static final int DEFAULT_TARGET = 20;

  public Bins {
    if (!(width > 0) || count < 1) {
      throw new IllegalArgumentException(
          "Bins need a positive width and at least one bin, got width " + width + ", " + count);
    }
  }

  /**
   * Bins covering {@code [min, max]} with a "nice" width (1, 2, 2.5 or 5 times a power of ten) and
   * about {@code target} bins, the lower edge a multiple of the width.
   */
  public static Bins spanning(double min, double max, int target) {
    if (!Double.isFinite(min) || !Double.isFinite(max) || max < min || target < 1) {
      throw new IllegalArgumentException(
          "Cannot bin [" + min + ", " + max + "] into " + target + " bins");
    }
    double raw = (max - min) / target;
    if (raw == 0) { // one value: one bin around it
      raw = Math.max(Math.abs(min), 1.0) / target;
    }
    double width = nice(raw);
    double lo = Math.floor(min / width) * width;
    int count = (int) Math.max(1, Math.ceil((max - lo) / width - 1e-9));
    if (lo + count * width < max) { // rounding
      count++;
    }
    return new Bins(lo, width, count);
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code raw}. */
  static double nice(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= raw * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** The bin of a value: the {@code i} with {@code edge(i) <= x < edge(i + 1)}, clamped. */
  public int index(double x) {
    int i = (int) Math.floor((x - lo) / width);
    // the division rounds: 0.3 / 0.1 is 2.999..., yet 0.3 is bin 3's lower edge
    if (x >= edge(i + 1)) {
      i++;
    } else if (x < edge(i)) {
      i--;
    }
    return Math.max(0, Math.min(count - 1, i));
  }

  /**
   * The lower edge of bin {@code i} ({@code i == count} gives the upper edge of the last), summed
   * in decimal so that edges are the numbers people read (3 x 0.1 is 0.3, not 0.30000000000000004).
   */
  public double edge(int i) {
    return java.math.BigDecimal.valueOf(lo)
        .add(java.math.BigDecimal.valueOf(width).multiply(java.math.BigDecimal.valueOf(i)))
        .doubleValue();
  }

  public double hi() {
    return edge(count);
  }
}
