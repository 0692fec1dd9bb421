package io.sparksdg.prompts.instructions;

import java.util.Map;

/**
 * An instruction whose compliance a program can check, in the style of IFEval ("answer in fewer
 * than 200 words", "no commas"). It is appended to a synthetic prompt, stored with the prompt as
 * its {@link #id()} and {@link #parameters()}, and later used as a judge: a response that does not
 * follow it is the rejected side of a preference pair.
 *
 * <p>Ids and parameter names are IFEval's, so an instruction maps one-to-one onto the reference
 * checker in lm-eval. Instances are immutable; build them with {@link InstructionRegistry}.
 */
public sealed interface VerifiableInstruction
    permits Keywords.Existence,
        Keywords.Frequency,
        Keywords.ForbiddenWords,
        Keywords.LetterFrequency,
        Length.NumberSentences,
        Length.NumberParagraphs,
        Length.NumberWords,
        Length.NthParagraphFirstWord,
        Content.NumberPlaceholders,
        Content.Postscript,
        Format.NumberBulletLists,
        Format.ConstrainedResponse,
        Format.NumberHighlightedSections,
        Format.MultipleSections,
        Format.JsonFormat,
        Format.Title,
        Combination.TwoResponses,
        Combination.RepeatPrompt,
        StartEnd.EndChecker,
        StartEnd.Quotation,
        ChangeCase.CapitalWordFrequency,
        ChangeCase.EnglishCapital,
        ChangeCase.EnglishLowercase,
        Punctuation.NoComma,
        Language.ResponseLanguage {

  /** IFEval's id of this instruction type, such as {@code "length_constraints:number_words"}. */
  String id();

  /** The instruction as the model reads it, rendered from the parameters. */
  String phrase();

  /** The parameters, under IFEval's names; values are Integer, String or List of String. */
  Map<String, Object> parameters();

  /**
   * Checks a response. A blank response never follows an instruction (as in IFEval's strict
   * metric); any other goes to {@link #check(String)}.
   */
  default Verdict verify(String response) {
    if (response == null || Text.isBlank(response)) {
      return Verdict.fail("the response is empty");
    }
    return check(response);
  }

  /** Checks a response that is not blank; callers use {@link #verify(String)}. */
  Verdict check(String response);
}
