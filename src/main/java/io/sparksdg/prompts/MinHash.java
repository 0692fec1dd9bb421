package io.sparksdg.prompts;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Near-duplicate detection for prompts: MinHash signatures over character shingles of normalized
 * text, and locality-sensitive hashing by bands.
 *
 * <p>Texts are normalized (Unicode NFKC, lower case, punctuation dropped, whitespace collapsed) and
 * cut into overlapping {@code shingle}-character pieces. The MinHash signature holds, per hash
 * function, the least hash over the shingles; two signatures agree in a position with probability
 * equal to the texts' Jaccard similarity. The signature is cut into {@code bands} bands of {@code
 * hashes / bands} rows; texts that agree on a whole band are candidates, and candidates are then
 * confirmed on the exact Jaccard similarity of their shingle sets, so the threshold is exact and
 * only recall is probabilistic (a pair at similarity s is a candidate with probability {@code 1 -
 * (1 - s^r)^b}).
 */
public final class MinHash implements Serializable {

  private static final long PRIME = (1L << 61) - 1;

  private final int shingle;
  private final int bands;
  private final int rows;
  private final long[] a;
  private final long[] b;

  /**
   * @param hashes signature length; a multiple of {@code bands}
   * @param bands LSH bands
   * @param shingle characters per shingle
   * @param seed seed of the hash functions (the same seed gives the same signatures)
   */
  public MinHash(int hashes, int bands, int shingle, long seed) {
    if (hashes <= 0 || bands <= 0 || hashes % bands != 0 || shingle <= 0) {
      throw new IllegalArgumentException(
          "MinHash needs positive hashes divisible by bands and a positive shingle size, got hashes="
              + hashes
              + " bands="
              + bands
              + " shingle="
              + shingle);
    }
    this.shingle = shingle;
    this.bands = bands;
    this.rows = hashes / bands;
    SplittableRandom random = new SplittableRandom(seed);
    a = new long[hashes];
    b = new long[hashes];
    for (int i = 0; i < hashes; i++) {
      a[i] = 1 + random.nextLong(PRIME - 1);
      b[i] = random.nextLong(PRIME);
    }
  }

  /** Lower case, NFKC, punctuation dropped, whitespace collapsed: what "the same text" means. */
  public static String normalize(String text) {
    String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC);
    s = s.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]+", " ");
    return s.replaceAll("\\s+", " ").strip();
  }

  /** A key equal for texts equal after {@link #normalize} (a 64-bit hash of the normal form). */
  public static String exactKey(String text) {
    String s = normalize(text);
    return "exact:" + s.length() + ":" + Long.toHexString(hash64(s));
  }

  /** The 64-bit hashes of the normalized text's shingles (the whole text if it is shorter). */
  public Set<Long> shingles(String text) {
    String s = normalize(text);
    Set<Long> out = new HashSet<>();
    if (s.length() <= shingle) {
      out.add(hash64(s));
      return out;
    }
    for (int i = 0; i + shingle <= s.length(); i++) {
      out.add(hash64(s.substring(i, i + shingle)));
    }
    return out;
  }

  public long[] signature(Set<Long> shingles) {
    long[] sig = new long[a.length];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    for (long x : shingles) {
      long v = Long.remainderUnsigned(x, PRIME);
      for (int i = 0; i < a.length; i++) {
        long h = mulMod(a[i], v) + b[i];
        h = h >= PRIME ? h - PRIME : h;
        if (h < sig[i]) {
          sig[i] = h;
        }
      }
    }
    return sig;
  }

  /** One key per band, {@code "<band>:<hash of the band's rows>"}: equal keys mean candidates. */
  public List<String> bandKeys(long[] signature) {
    List<String> keys = new ArrayList<>(bands);
    for (int band = 0; band < bands; band++) {
      long h = 0x9E3779B97F4A7C15L * (band + 1);
      for (int r = 0; r < rows; r++) {
        h = mix(h ^ signature[band * rows + r]);
      }
      keys.add(band + ":" + Long.toHexString(h));
    }
    return keys;
  }

  /** The Jaccard similarity of two shingle sets. */
  public static double jaccard(Set<Long> x, Set<Long> y) {
    if (x.isEmpty() && y.isEmpty()) {
      return 1.0;
    }
    Set<Long> small = x.size() <= y.size() ? x : y;
    Set<Long> large = small == x ? y : x;
    int common = 0;
    for (Long v : small) {
      if (large.contains(v)) {
        common++;
      }
    }
    return (double) common / (x.size() + y.size() - common);
  }

  private static long mulMod(long x, long y) {
    // (x * y) mod 2^61-1 without overflow, via the 128-bit product.
    long hi = Math.multiplyHigh(x, y);
    long lo = x * y;
    long r = (lo & PRIME) + ((lo >>> 61) | (hi << 3));
    while (Long.compareUnsigned(r, PRIME) >= 0) {
      r -= PRIME;
    }
    return r;
  }

  static long hash64(String s) {
    // FNV-1a over UTF-8, then a finalizer for better bit spread.
    long h = 0xcbf29ce484222325L;
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= c & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
