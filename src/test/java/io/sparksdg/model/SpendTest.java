package io.sparksdg.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.PriceConfig;
import org.junit.jupiter.api.Test;

class SpendTest {

  private static final PriceConfig PRICED = new PriceConfig(3.0, 15.0);

  @Test
  void aPricedCallCostsItsTokensAtTheEndpointsPrice() {
    Spend s = Spend.of(new Usage(1_000, 200), PRICED);
    assertThat(s.promptTokens()).isEqualTo(1_000);
    assertThat(s.completionTokens()).isEqualTo(200);
    // 1000 * $3/M + 200 * $15/M
    assertThat(s.costUsd()).isEqualTo(0.006);
  }

  @Test
  void anUnpricedCallHasTokensAndNoCost() {
    Spend s = Spend.of(new Usage(1_000, 200), PriceConfig.FREE);
    assertThat(s.promptTokens()).isEqualTo(1_000);
    assertThat(s.costUsd()).isNull();
    assertThat(Spend.of(new Usage(5, 5), new PriceConfig(null, null)).costUsd()).isNull();
  }

  @Test
  void callsAddUpTheirTokensAndThePricedCallsCosts() {
    Spend priced = Spend.of(new Usage(1_000, 200), PRICED);
    Spend free = Spend.of(new Usage(50, 1), PriceConfig.FREE);
    Spend cheap = Spend.of(new Usage(1_000_000, 0), new PriceConfig(0.5, null));

    Spend mixed = Spend.NONE.plus(free).plus(priced).plus(cheap);
    assertThat(mixed.promptTokens()).isEqualTo(1_001_050);
    assertThat(mixed.completionTokens()).isEqualTo(201);
    assertThat(mixed.costUsd()).isEqualTo(0.506);
    assertThat(free.plus(priced)).isEqualTo(priced.plus(Spend.NONE).plus(free));
    assertThat(Spend.NONE.plus(free).plus(free).costUsd()).isNull();
  }
}
