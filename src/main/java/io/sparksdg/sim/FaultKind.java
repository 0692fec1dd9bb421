package io.sparksdg.sim;

import java.util.SplittableRandom;

/** What the simulator does to one request attempt instead of answering normally, if anything. */
enum FaultKind {
  NONE,
  RATE_LIMITED,
  SERVER_ERROR,
  UNAVAILABLE,
  RESET_BEFORE_HEADERS,
  RESET_MID_BODY,
  MALFORMED_BODY,
  STALL;

  /**
   * The fault for this attempt, a deterministic function of the request, the attempt number and the
   * seed, drawn with the configured probabilities.
   */
  static FaultKind decide(Faults faults, long requestKey, int attempt, long seed) {
    if (faults.total() <= 0) {
      return NONE;
    }
    double u = new SplittableRandom(Json.mix(requestKey, attempt, seed, 0xFA17L)).nextDouble();
    double[] rates = {
      faults.rateLimited(),
      faults.serverError(),
      faults.unavailable(),
      faults.resetBeforeHeaders(),
      faults.resetMidBody(),
      faults.malformedBody(),
      faults.stall()
    };
    double cumulative = 0;
    for (int i = 0; i < rates.length; i++) {
      cumulative += rates[i];
      if (rates[i] > 0 && u < cumulative) {
        return values()[i + 1];
      }
    }
    return NONE;
  }
}
