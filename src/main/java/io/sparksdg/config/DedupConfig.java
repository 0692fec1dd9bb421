package io.sparksdg.config;

import java.io.Serializable;

/**
 * Keys under {@code prompts.dedup}: removal of exact and near-duplicate prompts (MinHash + LSH).
 *
 * @param enabled on by default
 * @param threshold least Jaccard similarity of character shingles for two prompts to be duplicates
 * @param hashes MinHash signature length
 * @param bands LSH bands ({@code hashes} must be a multiple)
 * @param shingle characters per shingle
 */
public record DedupConfig(
    Boolean enabled, Double threshold, Integer hashes, Integer bands, Integer shingle)
    implements Serializable {

  public static final DedupConfig DEFAULT = new DedupConfig(null, null, null, null, null);

  public DedupConfig {
    enabled = enabled == null || enabled;
    threshold = threshold == null ? 0.7 : threshold;
    Checks.require(
        threshold > 0 && threshold <= 1, "dedup.threshold must be in (0, 1], got %s", threshold);
    hashes = hashes == null ? 128 : hashes;
    bands = bands == null ? 32 : bands;
    Checks.require(
        hashes > 0 && bands > 0 && hashes % bands == 0,
        "dedup.hashes (%s) must be a positive multiple of dedup.bands (%s)",
        hashes,
        bands);
    shingle = shingle == null ? 5 : shingle;
    Checks.require(shingle > 0, "dedup.shingle must be positive, got %s", shingle);
  }
}
