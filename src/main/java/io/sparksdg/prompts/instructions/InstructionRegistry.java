package io.sparksdg.prompts.instructions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The verifiable instruction types by IFEval id: builds them from stored parameters or at random,
 * draws compatible sets for a prompt, renders them, verifies a response against a set, and turns
 * instructions into {@code {"id": ..., "params": {...}}} JSON and back so a prompt row can carry
 * its constraints to the judge.
 */
public final class InstructionRegistry {

  private record Spec(
      Function<Params, VerifiableInstruction> create,
      Function<Random, VerifiableInstruction> random) {}

  private static final Map<String, Spec> SPECS = specs();

  /**
   * Pairs that cannot both be followed, or that would judge each other's output unfairly (for
   * example all capitals and all lowercase, or a JSON answer that must also end with a phrase).
   */
  private static final Set<Set<String>> CONFLICTS = conflicts();

  /** Types that can be combined with nothing else except the ones listed in the map. */
  private static final Map<String, Set<String>> EXCLUSIVE =
      Map.of(
          Format.ConstrainedResponse.ID, Set.of(),
          Format.JsonFormat.ID, Set.of(Keywords.Existence.ID, Keywords.ForbiddenWords.ID));

  private static final JsonMapper JSON = new JsonMapper();

  private InstructionRegistry() {}

  private static Map<String, Spec> specs() {
    Map<String, Spec> m = new LinkedHashMap<>();
    contentSpecs(m);
    formatSpecs(m);
    return Collections.unmodifiableMap(m);
  }

  /** Keywords, length and content instructions, in IFEval's order. */
  private static void contentSpecs(Map<String, Spec> m) {
    m.put(Keywords.Existence.ID, new Spec(Keywords.Existence::from, Keywords.Existence::random));
    m.put(Keywords.Frequency.ID, new Spec(Keywords.Frequency::from, Keywords.Frequency::random));
    m.put(
        Keywords.ForbiddenWords.ID,
        new Spec(Keywords.ForbiddenWords::from, Keywords.ForbiddenWords::random));
    m.put(
        Keywords.LetterFrequency.ID,
        new Spec(Keywords.LetterFrequency::from, Keywords.LetterFrequency::random));
    m.put(
        Length.NumberSentences.ID,
        new Spec(Length.NumberSentences::from, Length.NumberSentences::random));
    m.put(
        Length.NumberParagraphs.ID,
        new Spec(Length.NumberParagraphs::from, Length.NumberParagraphs::random));
    m.put(Length.NumberWords.ID, new Spec(Length.NumberWords::from, Length.NumberWords::random));
    m.put(
        Length.NthParagraphFirstWord.ID,
        new Spec(Length.NthParagraphFirstWord::from, Length.NthParagraphFirstWord::random));
    m.put(
        Content.NumberPlaceholders.ID,
        new Spec(Content.NumberPlaceholders::from, Content.NumberPlaceholders::random));
    m.put(Content.Postscript.ID, new Spec(Content.Postscript::from, Content.Postscript::random));
  }

  /** Format, combination, start/end, case, punctuation and language instructions. */
  private static void formatSpecs(Map<String, Spec> m) {
    m.put(
        Format.NumberBulletLists.ID,
        new Spec(Format.NumberBulletLists::from, Format.NumberBulletLists::random));
    m.put(
        Format.ConstrainedResponse.ID,
        new Spec(Format.ConstrainedResponse::from, rnd -> new Format.ConstrainedResponse()));
    m.put(
        Format.NumberHighlightedSections.ID,
        new Spec(Format.NumberHighlightedSections::from, Format.NumberHighlightedSections::random));
    m.put(
        Format.MultipleSections.ID,
        new Spec(Format.MultipleSections::from, Format.MultipleSections::random));
    m.put(Format.JsonFormat.ID, new Spec(Format.JsonFormat::from, rnd -> new Format.JsonFormat()));
    m.put(Format.Title.ID, new Spec(Format.Title::from, rnd -> new Format.Title()));
    m.put(
        Combination.TwoResponses.ID,
        new Spec(Combination.TwoResponses::from, rnd -> new Combination.TwoResponses()));
    m.put(
        Combination.RepeatPrompt.ID,
        new Spec(Combination.RepeatPrompt::from, Combination.RepeatPrompt::random));
    m.put(StartEnd.EndChecker.ID, new Spec(StartEnd.EndChecker::from, StartEnd.EndChecker::random));
    m.put(
        StartEnd.Quotation.ID, new Spec(StartEnd.Quotation::from, rnd -> new StartEnd.Quotation()));
    m.put(
        ChangeCase.CapitalWordFrequency.ID,
        new Spec(ChangeCase.CapitalWordFrequency::from, ChangeCase.CapitalWordFrequency::random));
    m.put(
        ChangeCase.EnglishCapital.ID,
        new Spec(ChangeCase.EnglishCapital::from, rnd -> new ChangeCase.EnglishCapital()));
    m.put(
        ChangeCase.EnglishLowercase.ID,
        new Spec(ChangeCase.EnglishLowercase::from, rnd -> new ChangeCase.EnglishLowercase()));
    m.put(
        Punctuation.NoComma.ID,
        new Spec(Punctuation.NoComma::from, rnd -> new Punctuation.NoComma()));
    m.put(
        Language.ResponseLanguage.ID,
        new Spec(Language.ResponseLanguage::from, Language.ResponseLanguage::random));
  }

  /** English words, phrases or letters asked for inside a response in another language. */
  private static Set<Set<String>> languageConflicts() {
    Set<Set<String>> pairs = new java.util.HashSet<>();
    for (String english :
        List.of(
            ChangeCase.EnglishCapital.ID,
            ChangeCase.EnglishLowercase.ID,
            ChangeCase.CapitalWordFrequency.ID,
            Combination.RepeatPrompt.ID,
            StartEnd.EndChecker.ID,
            Length.NthParagraphFirstWord.ID,
            Keywords.Existence.ID,
            Keywords.Frequency.ID,
            Keywords.LetterFrequency.ID,
            Format.ConstrainedResponse.ID,
            Format.JsonFormat.ID)) {
      pairs.add(Set.of(Language.ResponseLanguage.ID, english));
    }
    return pairs;
  }

  private static Set<Set<String>> conflicts() {
    String capital = ChangeCase.EnglishCapital.ID;
    String lower = ChangeCase.EnglishLowercase.ID;
    String capitalWords = ChangeCase.CapitalWordFrequency.ID;
    String paragraphs = Length.NumberParagraphs.ID;
    String nthParagraph = Length.NthParagraphFirstWord.ID;
    String sentences = Length.NumberSentences.ID;
    String sections = Format.MultipleSections.ID;
    String highlights = Format.NumberHighlightedSections.ID;
    String bullets = Format.NumberBulletLists.ID;
    String two = Combination.TwoResponses.ID;
    String repeat = Combination.RepeatPrompt.ID;
    String end = StartEnd.EndChecker.ID;
    String quotation = StartEnd.Quotation.ID;
    String postscript = Content.Postscript.ID;
    String forbidden = Keywords.ForbiddenWords.ID;
    Set<Set<String>> pairs = new java.util.HashSet<>(languageConflicts());
    pairs.addAll(
        List.of(
            Set.of(capital, lower),
            Set.of(capital, capitalWords),
            Set.of(lower, capitalWords),
            Set.of(capital, sections), // "Section 1" is not all capitals
            Set.of(lower, sections),
            Set.of(lower, postscript), // "P.S." has capitals
            Set.of(capital, repeat), // the request is repeated as written
            Set.of(lower, repeat),
            Set.of(paragraphs, nthParagraph), // two different paragraph separators
            Set.of(paragraphs, sentences),
            Set.of(paragraphs, two), // "******" also splits paragraphs at "***"
            Set.of(paragraphs, highlights), // "***" reads as highlight markers
            Set.of(paragraphs, bullets),
            Set.of(sections, highlights),
            Set.of(nthParagraph, two),
            Set.of(two, repeat),
            Set.of(two, quotation),
            Set.of(two, end),
            Set.of(quotation, repeat),
            Set.of(end, postscript), // both claim the end of the response
            Set.of(end, quotation),
            Set.of(repeat, Punctuation.NoComma.ID), // the request may hold commas
            Set.of(forbidden, Keywords.Existence.ID), // may name the same word
            Set.of(forbidden, Keywords.Frequency.ID),
            Set.of(forbidden, nthParagraph)));
    return Set.copyOf(pairs);
  }

  /** All ids, in a fixed order. */
  public static List<String> ids() {
    return List.copyOf(SPECS.keySet());
  }

  /**
   * Builds an instruction from its IFEval id and parameters (IFEval's kwargs names).
   *
   * @throws IllegalArgumentException for an unknown id, a missing or unknown parameter, or a value
   *     out of range; the message names the id and the parameter
   */
  public static VerifiableInstruction create(String id, Map<String, Object> params) {
    return spec(id).create().apply(new Params(id, params));
  }

  /** An instruction of the given type with random parameters, the same for the same Random. */
  public static VerifiableInstruction random(String id, Random rnd) {
    return spec(id).random().apply(rnd);
  }

  /**
   * {@code count} instructions of different types, no two of which conflict, drawn with {@code rnd}
   * (the same Random state gives the same set). Returns fewer when no compatible type is left.
   */
  public static List<VerifiableInstruction> randomSet(Random rnd, int count) {
    List<String> pool = new ArrayList<>(ids());
    List<VerifiableInstruction> chosen = new ArrayList<>();
    while (chosen.size() < count && !pool.isEmpty()) {
      String id = pool.remove(rnd.nextInt(pool.size()));
      List<String> chosenIds = chosen.stream().map(VerifiableInstruction::id).toList();
      if (chosenIds.stream().noneMatch(other -> conflicts(id, other))) {
        chosen.add(random(id, rnd));
      }
    }
    return List.copyOf(chosen);
  }

  /** Whether instructions of these two types should not be given together. */
  public static boolean conflicts(String id, String other) {
    if (id.equals(other) || CONFLICTS.contains(Set.of(id, other))) {
      return true;
    }
    return excludes(id, other) || excludes(other, id);
  }

  private static boolean excludes(String exclusive, String other) {
    Set<String> allowed = EXCLUSIVE.get(exclusive);
    return allowed != null && !allowed.contains(other);
  }

  /** The instructions' phrases as one paragraph to append to a prompt. */
  public static String render(List<VerifiableInstruction> instructions) {
    return instructions.stream()
        .map(VerifiableInstruction::phrase)
        .collect(Collectors.joining(" "));
  }

  /** Passes when the response follows every instruction; else fails with each reason by id. */
  public static Verdict verifyAll(List<VerifiableInstruction> instructions, String response) {
    List<String> reasons = new ArrayList<>();
    for (VerifiableInstruction instruction : instructions) {
      if (instruction.verify(response) instanceof Verdict.Fail fail) {
        reasons.add(instruction.id() + ": " + fail.reason());
      }
    }
    return reasons.isEmpty() ? Verdict.pass() : Verdict.fail(String.join("; ", reasons));
  }

  /** {@code {"id": ..., "params": {...}}} for one instruction. */
  public static String toJson(VerifiableInstruction instruction) {
    return write(stored(instruction));
  }

  /** A JSON array of {@link #toJson(VerifiableInstruction)} objects, for a Parquet column. */
  public static String toJson(List<VerifiableInstruction> instructions) {
    return write(instructions.stream().map(InstructionRegistry::stored).toList());
  }

  /** Rebuilds one instruction written by {@link #toJson(VerifiableInstruction)}. */
  public static VerifiableInstruction fromJson(String json) {
    return rebuild(read(json, new TypeReference<Stored>() {}));
  }

  /** Rebuilds a list written by {@link #toJson(List)}. */
  public static List<VerifiableInstruction> listFromJson(String json) {
    return read(json, new TypeReference<List<Stored>>() {}).stream()
        .map(InstructionRegistry::rebuild)
        .toList();
  }

  /** The stored form of an instruction. */
  record Stored(String id, Map<String, Object> params) {}

  private static Stored stored(VerifiableInstruction instruction) {
    return new Stored(instruction.id(), instruction.parameters());
  }

  private static VerifiableInstruction rebuild(Stored stored) {
    if (stored == null || stored.id() == null) {
      throw new IllegalArgumentException("Stored instruction has no 'id'");
    }
    return create(stored.id(), stored.params());
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write instruction JSON", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Stored instructions are not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Spec spec(String id) {
    Spec spec = SPECS.get(id);
    if (spec == null) {
      throw new IllegalArgumentException(
          "Unknown instruction id '" + id + "': known ids are " + SPECS.keySet());
    }
    return spec;
  }
}
