package io.sparksdg.prompts.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherInstructionsTest {

  @Test
  void blankResponsesFailEveryInstruction() {
    assertThat(new Punctuation.NoComma().verify(" \n\u00a0"))
        .isEqualTo(Verdict.fail("the response is empty"));
  }

  @Test
  void placeholdersAreBracketedOnOneLine() {
    var instruction = new Content.NumberPlaceholders(2);

    assertThat(instruction.verify("Dear [name] of [city]").passed()).isTrue();
    assertThat(instruction.verify("Dear [name\n]"))
        .isEqualTo(Verdict.fail("found 0 placeholders in square brackets, expected at least 2"));
  }

  @Test
  void postscriptMarkerToleratesCaseAndSpaces() {
    var instruction = new Content.Postscript("P.P.S");

    assertThat(instruction.verify("Text.\n\np. p. s. one more thing").passed()).isTrue();
    assertThat(instruction.verify("Text. P.S. only"))
        .isEqualTo(Verdict.fail("no postscript starting with P.P.S"));
  }

  @Test
  void twoResponsesMustDiffer() {
    var instruction = new Combination.TwoResponses();

    assertThat(instruction.verify("A\n******\nB").passed()).isTrue();
    assertThat(instruction.verify("A\n******\n A "))
        .isEqualTo(Verdict.fail("the two answers are the same"));
    assertThat(instruction.verify("A\n******\nB\n******\nC"))
        .isEqualTo(Verdict.fail("found 3 answers, expected 2"));
  }

  @Test
  void repeatPromptComparesTheStartIgnoringCase() {
    var instruction = new Combination.RepeatPrompt("Describe the sea.");

    assertThat(instruction.verify("  DESCRIBE THE SEA. It is blue.").passed()).isTrue();
    assertThat(instruction.verify("Sure! Describe the sea."))
        .isEqualTo(Verdict.fail("the response does not start by repeating the request"));
  }

  @Test
  void endPhraseIgnoresCaseAndAClosingQuote() {
    var instruction = new StartEnd.EndChecker("Any other questions?");

    assertThat(instruction.verify("\"Done. any other questions?\"\n").passed()).isTrue();
    assertThat(instruction.verify("Any other questions? Bye."))
        .isEqualTo(Verdict.fail("the response does not end with \"Any other questions?\""));
  }

  @Test
  void quotationWrapsTheStrippedResponse() {
    var instruction = new StartEnd.Quotation();

    assertThat(instruction.verify("  \"quoted\" ").passed()).isTrue();
    assertThat(instruction.verify("\"").passed()).isFalse();
  }

  @Test
  void capitalWordsAreCountedAsNltkTokensThem() {
    var instruction = new ChangeCase.CapitalWordFrequency(4, Relation.AT_LEAST);

    assertThat(ChangeCase.wordTokens("I DON'T know, OK?"))
        .containsExactly("I", "DO", "N'T", "know", ",", "OK", "?");
    assertThat(instruction.verify("I DON'T know, OK?").passed()).isTrue();
    assertThat(instruction.verify("NASA is big."))
        .isEqualTo(Verdict.fail("found 1 word in capitals, expected at least 4"));
  }

  @Test
  void caseInstructionsFollowPythonCaseRules() {
    assertThat(new ChangeCase.EnglishCapital().verify("THE SEA IS CALM, 42.").passed()).isTrue();
    assertThat(new ChangeCase.EnglishCapital().verify("THE SEA IS Calm."))
        .isEqualTo(Verdict.fail("the response has lowercase letters, or no letters at all"));
    assertThat(new ChangeCase.EnglishLowercase().verify("the sea is calm.").passed()).isTrue();
    assertThat(new ChangeCase.EnglishLowercase().verify("это море"))
        .isEqualTo(Verdict.fail("the response does not read as English"));
  }

  @Test
  void noCommaCountsCommas() {
    assertThat(new Punctuation.NoComma().verify("a, b, c"))
        .isEqualTo(Verdict.fail("found 2 commas"));
    assertThat(new Punctuation.NoComma().verify("a b c").passed()).isTrue();
  }

  @Test
  void responseLanguageIdentifiesTheLanguageOfTheWholeResponse() {
    String german =
        "Der Hafen war bei Sonnenaufgang still. Die Fischer bereiteten ihre Netze vor und sprachen"
            + " über das Wetter.";
    String russian = "На рассвете в гавани было тихо. Рыбаки готовили свои сети.";
    assertThat(new Language.ResponseLanguage("de").verify(german).passed()).isTrue();
    assertThat(new Language.ResponseLanguage("en").verify(german))
        .isEqualTo(new Verdict.Fail("the response reads as de, not en"));
    assertThat(new Language.ResponseLanguage("ru").verify(russian).passed()).isTrue();
    assertThat(new Language.ResponseLanguage("uk").verify(russian).passed()).isFalse();
    // Nothing to identify: passes, as in IFEval's reference.
    assertThat(new Language.ResponseLanguage("ja").verify("12345 !!!").passed()).isTrue();
    assertThat(new Language.ResponseLanguage("fr").phrase())
        .isEqualTo(
            "Your ENTIRE response should be in French language, no other language is allowed.");
    assertThat(
            InstructionRegistry.create("language:response_language", Map.of("language", "fi"))
                .parameters())
        .containsEntry("language", "fi");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                InstructionRegistry.create("language:response_language", Map.of("language", "xx")))
        .hasMessageContaining("unknown language 'xx'");
  }
}
