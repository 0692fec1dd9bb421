package io.sparksdg.stages.curation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparksdg.config.SftConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SftBlendsTest {

  private static Map<String, Long> counts(Object... pairs) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void aCodeOnlyBlendTakesOnlyTheCodeFamily() {
    var quotas =
        SftBlends.quotas(
            counts("open_qa", 300, "python", 40, "math", 60),
            new SftConfig.Blend(List.of("python"), null));
    assertThat(quotas)
        .containsExactly(Map.entry("open_qa", 0L), Map.entry("python", 40L), Map.entry("math", 0L));
  }

  @Test
  void aCapHoldsTheFamilyAtItsShareOfTheBlend() {
    var quotas =
        SftBlends.quotas(
            counts("open_qa", 300, "python", 40, "math", 190),
            new SftConfig.Blend(null, Map.of("python", 0.02)));
    // 490 uncapped rows: python may have 2% of 490 + n, so n = 10.
    assertThat(quotas)
        .containsExactly(
            Map.entry("open_qa", 300L), Map.entry("python", 10L), Map.entry("math", 190L));
    long total = quotas.values().stream().mapToLong(Long::longValue).sum();
    assertThat(quotas.get("python") / (double) total).isLessThanOrEqualTo(0.02);
  }

  @Test
  void aCapThatDoesNotBindKeepsTheWholeFamilyAndSharesStayUnderTheirCaps() {
    var loose =
        SftBlends.quotas(
            counts("open_qa", 100, "python", 1), new SftConfig.Blend(null, Map.of("python", 0.05)));
    assertThat(loose.get("python")).isEqualTo(1L);
    for (int n = 1; n < 200; n += 7) {
      var q =
          SftBlends.quotas(
              counts("open_qa", n, "python", 500, "math", 500),
              new SftConfig.Blend(null, Map.of("python", 0.1, "math", 0.3)));
      long total = q.values().stream().mapToLong(Long::longValue).sum();
      assertThat((double) q.get("python")).isLessThanOrEqualTo(0.1 * total + 1e-9);
      assertThat((double) q.get("math")).isLessThanOrEqualTo(0.3 * total + 1e-9);
      assertThat(q.get("python") + 1).isGreaterThan((long) (0.1 * total) - 1);
      assertThat(q.get("open_qa")).isEqualTo(n);
    }
  }

  @Test
  void onlyCappedFamiliesLeaveNothingToShareWith() {
    var quotas =
        SftBlends.quotas(
            counts("python", 50), new SftConfig.Blend(List.of("python"), Map.of("python", 0.5)));
    assertThat(quotas.get("python")).isZero();
  }
}
