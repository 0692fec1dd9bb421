package io.sparksdg.report;

import java.util.List;

/**
 * A numeric column's distribution: summary statistics and a histogram. Statistics are null and the
 * histogram empty when the column had no values.
 *
 * @param p10 the 10th percentile (Spark's {@code percentile_approx}: the least value at or below
 *     which 10% of the values lie); {@code p50} and {@code p90} alike
 * @param bins the histogram's bins, or null when there were no values
 * @param counts values per bin, as many as {@code bins.count()}
 */
public record Distribution(
    String name,
    long count,
    Double min,
    Double max,
    Double mean,
    Double p10,
    Double p50,
    Double p90,
    Bins bins,
    List<Long> counts) {

  public Distribution {
    counts = List.copyOf(counts);
    if (bins != null && counts.size() != bins.count()) {
      throw new IllegalArgumentException(
          name + ": " + counts.size() + " counts for " + bins.count() + " bins");
    }
  }

  public static Distribution empty(String name) {
    return new Distribution(name, 0, null, null, null, null, null, null, null, List.of());
  }

  /** Counts per bin of the given bins, from a bin index to a count map that may miss bins. */
  public static List<Long> dense(Bins bins, java.util.Map<Integer, Long> byIndex) {
    Long[] counts = new Long[bins.count()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = byIndex.getOrDefault(i, 0L);
    }
    return List.of(counts);
  }
}
