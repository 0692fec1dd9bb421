package io.sparksdg.prompts.instructions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Instructions on the layout of a response (IFEval "detectable_format:"). */
public final class Format {

  private Format() {}

  /** Exactly so many markdown bullet points ("* item" or "- item" lines). */
  public record NumberBulletLists(int numBullets) implements VerifiableInstruction {
    public static final String ID = "detectable_format:number_bullet_lists";

    private static final Pattern STAR =
        Pattern.compile("^\\s*\\*[^*].*$", Text.PY | Pattern.MULTILINE);
    private static final Pattern DASH = Pattern.compile("^\\s*-.*$", Text.PY | Pattern.MULTILINE);

    public NumberBulletLists {
      if (numBullets < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_bullets >= 1");
      }
    }

    static NumberBulletLists from(Params p) {
      return new NumberBulletLists(p.only("num_bullets").integer("num_bullets", 1, 1000));
    }

    static NumberBulletLists random(Random rnd) {
      return new NumberBulletLists(1 + rnd.nextInt(6));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Format your answer as exactly "
          + Text.plural(numBullets, "markdown bullet point", "markdown bullet points")
          + ", each on its own line starting with \"* \".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_bullets", numBullets);
    }

    @Override
    public Verdict check(String response) {
      int found = Text.count(STAR, response) + Text.count(DASH, response);
      return Verdict.when(
          found == numBullets,
          "found %s, expected exactly %d",
          Text.plural(found, "bullet point", "bullet points"),
          numBullets);
    }
  }

  /** The answer holds one of three fixed replies: yes, no or maybe. */
  public record ConstrainedResponse() implements VerifiableInstruction {
    public static final String ID = "detectable_format:constrained_response";

    static final List<String> OPTIONS =
        List.of("My answer is yes.", "My answer is no.", "My answer is maybe.");

    static ConstrainedResponse from(Params p) {
      p.only();
      return new ConstrainedResponse();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Reply with exactly one of these sentences: \"My answer is yes.\", "
          + "\"My answer is no.\" or \"My answer is maybe.\"";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      return Verdict.when(
          OPTIONS.stream().anyMatch(response::contains),
          "none of the replies \"My answer is yes.\", \"... no.\", \"... maybe.\" appears");
    }
  }

  /** At least so many sections highlighted with markdown, *like this* or **like this**. */
  public record NumberHighlightedSections(int numHighlights) implements VerifiableInstruction {
    public static final String ID = "detectable_format:number_highlighted_sections";

    private static final Pattern SINGLE = Pattern.compile("\\*[^\\n*]*\\*", Text.PY);
    private static final Pattern DOUBLE = Pattern.compile("\\*\\*[^\\n*]*\\*\\*", Text.PY);

    public NumberHighlightedSections {
      if (numHighlights < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_highlights >= 1");
      }
    }

    static NumberHighlightedSections from(Params p) {
      return new NumberHighlightedSections(
          p.only("num_highlights").integer("num_highlights", 1, 1000));
    }

    static NumberHighlightedSections random(Random rnd) {
      return new NumberHighlightedSections(1 + rnd.nextInt(4));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Emphasize at least "
          + Text.plural(numHighlights, "part", "parts")
          + " of your answer with markdown italics, *like this*.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_highlights", numHighlights);
    }

    @Override
    public Verdict check(String response) {
      int found = 0;
      Matcher single = SINGLE.matcher(response);
      while (single.find()) {
        if (!Text.isBlank(Text.strip(single.group(), "*"))) {
          found++;
        }
      }
      Matcher dbl = DOUBLE.matcher(response);
      while (dbl.find()) {
        String g = dbl.group();
        if (!Text.isBlank(g.substring(2, g.length() - 2))) {
          found++;
        }
      }
      return Verdict.when(
          found >= numHighlights,
          "found %s, expected at least %d",
          Text.plural(found, "highlighted section", "highlighted sections"),
          numHighlights);
    }
  }

  /** At least so many sections, each opened by a marker and its number ("SECTION 2"). */
  public record MultipleSections(String sectionSpliter, int numSections)
      implements VerifiableInstruction {
    public static final String ID = "detectable_format:multiple_sections";

    static final List<String> SPLITTERS = List.of("Section", "SECTION");

    public MultipleSections {
      sectionSpliter = sectionSpliter.strip();
      if (sectionSpliter.isEmpty() || numSections < 1) {
        throw new IllegalArgumentException(
            "Instruction '" + ID + "' needs a section_spliter and num_sections >= 1");
      }
    }

    static MultipleSections from(Params p) {
      p.only("section_spliter", "num_sections");
      return new MultipleSections(p.string("section_spliter"), p.integer("num_sections", 1, 1000));
    }

    static MultipleSections random(Random rnd) {
      return new MultipleSections(SPLITTERS.get(rnd.nextInt(2)), 1 + rnd.nextInt(5));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Divide your answer into "
          + Text.plural(numSections, "section", "sections")
          + ", opening each with its marker and number on a line of its own: "
          + sectionSpliter
          + " 1, "
          + sectionSpliter
          + " 2, and so on.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("section_spliter", sectionSpliter, "num_sections", numSections);
    }

    @Override
    public Verdict check(String response) {
      Pattern marker;
      try {
        // the reference splits on the marker read as a regular expression
        marker = Pattern.compile("\\s?" + sectionSpliter + "\\s?\\d+\\s?", Text.PY);
      } catch (PatternSyntaxException e) {
        marker = Pattern.compile("\\s?" + Pattern.quote(sectionSpliter) + "\\s?\\d+\\s?", Text.PY);
      }
      int found = Text.split(marker, response).length - 1;
      return Verdict.when(
          found >= numSections,
          "found %s marked \"%s n\", expected at least %d",
          Text.plural(found, "section", "sections"),
          sectionSpliter,
          numSections);
    }
  }

  /** The whole response is JSON, optionally inside a ``` or ```json fence. */
  public record JsonFormat() implements VerifiableInstruction {
    public static final String ID = "detectable_format:json_format";

    private static final JsonMapper JSON =
        JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static JsonFormat from(Params p) {
      p.only();
      return new JsonFormat();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Format your whole reply as valid JSON; a ```json code fence around it is fine.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      String body = Text.strip(response);
      for (String fence : List.of("```json", "```Json", "```JSON", "```")) {
        if (body.startsWith(fence)) {
          body = body.substring(fence.length());
        }
      }
      if (body.endsWith("```")) {
        body = body.substring(0, body.length() - 3);
      }
      body = Text.strip(body);
      if (body.isEmpty()) {
        return Verdict.fail("no JSON found");
      }
      try {
        JSON.readTree(body);
        return Verdict.pass();
      } catch (JacksonException e) {
        return Verdict.fail("not valid JSON: " + e.getOriginalMessage());
      }
    }
  }

  /** A title wrapped in double angle brackets, such as {@code <<a day at sea>>}. */
  public record Title() implements VerifiableInstruction {
    public static final String ID = "detectable_format:title";

    private static final Pattern TITLE = Pattern.compile("<<[^\\n]+>>", Text.PY);

    static Title from(Params p) {
      p.only();
      return new Title();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Give your answer a title in double angle brackets, for example <<a day at sea>>.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      Matcher m = TITLE.matcher(response);
      while (m.find()) {
        if (!Text.isBlank(Text.rstrip(Text.lstrip(m.group(), "<"), ">"))) {
          return Verdict.pass();
        }
      }
      return Verdict.fail("no non-empty title in double angle brackets, like <<title>>");
    }
  }
}
