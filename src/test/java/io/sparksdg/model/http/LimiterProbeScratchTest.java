package io.sparksdg.model.http;

import org.junit.jupiter.api.Test;

class LimiterProbeScratchTest {
  @Test
  void show() {
    for (int warm : new int[] {0}) {
      for (int budget : new int[] {64, 96, 128, 256}) {
        double worst = 9, sum = 0, waitSum = 0;
        int n = 0;
        int collapsed = 0;
        for (long seed = 1; seed <= 40; seed++) {
          QueueingServerModel a = new QueueingServerModel(64, 600, 1.0, seed);
          ConcurrencyLimiter la = new ConcurrencyLimiter("e", 1, budget, true, a::clock);
          long ta = a.run(la, 3000);
          QueueingServerModel f = new QueueingServerModel(64, 600, 1.0, seed);
          long tf = f.run(new ConcurrencyLimiter("e", 1, budget, false, f::clock), 3000);
          double r = (double) tf / ta;
          worst = Math.min(worst, r);
          sum += r;
          n++;
          waitSum += a.meanWaiting();
          if (r < 0.9) collapsed++;
        }
        System.out.printf(
            "RESULT warm %d budget %d: adaptive/fixed mean %.3f worst %.3f, below 0.9: %d of %d, mean waiting %.1f%n",
            warm, budget, sum / n, worst, collapsed, n, waitSum / n);
      }
    }
  }
}
