package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageIdTest {

  @Test
  void drawsTheNumbersPythonsRandomDrawsAfterSeedZero() {
    // random.Random(0): random(), gauss(0, 1) twice, then _randbelow(10) six times,
    // _randbelow(1000)
    LanguageId.PyRandom random = new LanguageId.PyRandom();
    assertThat(random.random()).isEqualTo(0.8444218515250481);
    assertThat(random.gauss()).isEqualTo(0.05219198828260849);
    assertThat(random.gauss()).isEqualTo(-1.0434089742005737);
    int[] below = new int[6];
    for (int i = 0; i < below.length; i++) {
      below[i] = random.below(10);
    }
    assertThat(below).containsExactly(4, 8, 7, 6, 4, 7);
    assertThat(random.below(1000)).isEqualTo(366);
  }

  @Test
  void readsLanguagesAsPythonsLangdetectDoes() {
    assertThat(LanguageId.detect("Der Hafen war bei Sonnenaufgang still.")).contains("de");
    assertThat(LanguageId.detect("夜明けの港は静かでした。")).contains("ja");
    // langdetect's own Welsh and Catalan profiles, not optimaize's retrained ones
    assertThat(LanguageId.detect("I CANNOT GO")).contains("it");
    assertThat(LanguageId.detect("12 345 !?")).isEmpty();
  }
}
