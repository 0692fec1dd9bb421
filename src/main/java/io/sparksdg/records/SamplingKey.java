package io.sparksdg.records;

import io.sparksdg.model.Sampling;

/** Sampling parameters as canonical text, for ids. */
public final class SamplingKey {

  private SamplingKey() {}

  public static String of(Sampling s) {
    return "t=" + s.temperature() + ",p=" + s.topP() + ",max=" + s.maxTokens();
  }

  /** A per-call seed derived from the run seed and the call's identity. */
  public static long seed(long runSeed, Object... parts) {
    Object[] all = new Object[parts.length + 1];
    all[0] = runSeed;
    System.arraycopy(parts, 0, all, 1, parts.length);
    return Long.parseUnsignedLong(Ids.of(all).substring(0, 15), 16);
  }
}
