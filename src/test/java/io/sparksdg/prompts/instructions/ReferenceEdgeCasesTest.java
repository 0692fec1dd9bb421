package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classes of input where our checkers once disagreed with IFEval's reference; every expected
 * value here is what the reference (lm-eval's ifeval code with the pinned NLTK, regex and
 * langdetect) gives.
 */
class ReferenceEdgeCasesTest {

  @Test
  void punktEndsSentencesAfterCurlyQuotesAndGuillemets() {
    assertThat(Sentences.count("He said “Stop.” Then he left.")).isEqualTo(2);
    assertThat(Sentences.count("She said ‘Go.’ Then she ran.")).isEqualTo(2);
    assertThat(Sentences.count("« Allez. » Puis rien.")).isEqualTo(2);
    assertThat(Sentences.count("He said \"Stop.\" Then he left.")).isEqualTo(2);
    VerifiableInstruction lessThanTwo =
        InstructionRegistry.create(
            Length.NumberSentences.ID, Map.of("num_sentences", 2, "relation", "less than"));
    assertThat(lessThanTwo.verify("He said “Stop.” Then he left."))
        .isEqualTo(Verdict.fail("found 2 sentences, expected fewer than 2"));
  }

  @Test
  void punktWeighsTheNextWordAfterAnAbbreviationOrEllipsis() {
    // after an ellipsis a capitalised word starts a sentence only if Punkt's model saw it in
    // lowercase and never capitalised mid-sentence, or knows it as a frequent starter: not "Then"
    assertThat(Sentences.count("Nobody spoke for a while... Then the bells rang out."))
        .isEqualTo(1);
    assertThat(Sentences.count("Mr. Brown met Dr. Green at the station.")).isEqualTo(1);
    assertThat(Sentences.count("It was 5 p.m. The bus was late.")).isEqualTo(2);
    // the token after the period is U+001C, alone on its line, which Python's strip() blanks
    assertThat(Sentences.count("It ends here.\n\u001c and more.")).isEqualTo(1);
  }

  @Test
  void wordsAreRunsOfTheRegexModulesWordCharacters() {
    assertThat(Text.countWords("नमस्ते दुनिया")).isEqualTo(2); // vowel signs are marks, in \w
    assertThat(Text.countWords("வணக்கம் உலகம்")).isEqualTo(2);
    assertThat(Text.countWords("สวัสดีชาวโลก")).isEqualTo(1);
    assertThat(Text.countWords("cafe\u0301 ole\u0301")).isEqualTo(2); // NFD accents
    assertThat(Text.countWords("½ ² ①")).isZero(); // numbers, but not decimal digits
    assertThat(Text.countWords("a‿b")).isEqualTo(1);
    assertThat(Text.countWords("a\u200db")).isEqualTo(1);
    assertThat(Text.countWords("https://example.com")).isEqualTo(3);
  }

  @Test
  void englishCaseNeedsLangdetectToReadTheTextAsEnglish() {
    VerifiableInstruction capital = new ChangeCase.EnglishCapital();
    // capitals hide all but a word's first letter from langdetect
    assertThat(LanguageId.detect("OK")).contains("pt");
    assertThat(LanguageId.detect("HELLO")).contains("vi");
    assertThat(LanguageId.detect("WHY? BECAUSE!")).contains("so");
    for (String text : List.of("OK", "HELLO", "WHY? BECAUSE!", "OBRIGADO PELA AJUDA")) {
      assertThat(capital.verify(text))
          .as(text)
          .isEqualTo(Verdict.fail("the response does not read as English"));
    }
    assertThat(capital.verify("GRAZIE MILLE A TUTTI").passed()).isTrue();
    assertThat(capital.verify("THE SEA IS CALM, 42.").passed()).isTrue();
    VerifiableInstruction lowercase = new ChangeCase.EnglishLowercase();
    assertThat(LanguageId.detect("ok")).contains("sk");
    assertThat(lowercase.verify("ok").passed()).isFalse();
    assertThat(lowercase.verify("this is fine.").passed()).isTrue();
  }

  @Test
  void responseLanguageFollowsSeededLangdetectOnShortTexts() {
    assertThat(LanguageId.detect("https://example.com")).isEmpty(); // no features
    assertThat(LanguageId.detect("ㅋㅋㅋ")).isEmpty(); // jamo, which no profile holds
    assertThat(LanguageId.detect("Kiitos")).contains("fi");
    assertThat(new Language.ResponseLanguage("de").verify("https://example.com").passed()).isTrue();
    assertThat(new Language.ResponseLanguage("en").verify("ㅋㅋㅋ").passed()).isTrue();
    assertThat(new Language.ResponseLanguage("fi").verify("Kiitos").passed()).isTrue();
    assertThat(new Language.ResponseLanguage("en").verify("Kiitos"))
        .isEqualTo(Verdict.fail("the response reads as fi, not en"));
  }

  @Test
  void capitalWordsAreCutLikeWordTokenize() {
    assertThat(ChangeCase.wordTokens("DON’T STOP")).containsExactly("DON", "’", "T", "STOP");
    assertThat(ChangeCase.wordTokens("WAIT...NOW")).containsExactly("WAIT", "...", "NOW");
    assertThat(ChangeCase.wordTokens("OK--FINE")).containsExactly("OK", "--", "FINE");
    assertThat(ChangeCase.wordTokens("STOP—NOW")).containsExactly("STOP", "—", "NOW");
    // the contractions use Python re's \b, to which '½' is a word character
    assertThat(ChangeCase.wordTokens("* ²CANNOT It's")).containsExactly("*", "²CANNOT", "It", "'s");
    // a sentence's final period is cut off before the clitics are
    assertThat(ChangeCase.wordTokens("JONES DIDN'T. VERSION"))
        .containsExactly("JONES", "DID", "N'T", ".", "VERSION");
    VerifiableInstruction atLeastThree =
        InstructionRegistry.create(
            ChangeCase.CapitalWordFrequency.ID,
            Map.of("capital_frequency", 3, "capital_relation", "at least"));
    assertThat(atLeastThree.verify("DON’T STOP").passed()).isTrue();
    assertThat(atLeastThree.verify("WAIT...NOW"))
        .isEqualTo(Verdict.fail("found 2 words in capitals, expected at least 3"));
  }

  @Test
  void keywordsAreReadAsPythonRegularExpressionsLikeTheReference() {
    assertThat(existence("a.b").verify("axb").passed()).isTrue();
    assertThat(existence("(harbor)").verify("the harbor").passed()).isTrue();
    assertThat(existence("c++").verify("a cat").passed()).isTrue();
    assertThat(existence("c++").verify("dog").passed()).isFalse();
    // not a valid expression: matched literally (the reference would raise)
    assertThat(existence("(harbor").verify("the (harbor").passed()).isTrue();
    assertThat(existence("(harbor").verify("the harbor").passed()).isFalse();
    VerifiableInstruction forbidden =
        InstructionRegistry.create(
            Keywords.ForbiddenWords.ID, Map.of("forbidden_words", List.of("a.b")));
    assertThat(forbidden.verify("axb here").passed()).isFalse();
    assertThat(forbidden.verify("xaxbx here").passed()).isTrue();
  }

  private static VerifiableInstruction existence(String keyword) {
    return InstructionRegistry.create(Keywords.Existence.ID, Map.of("keywords", List.of(keyword)));
  }
}
