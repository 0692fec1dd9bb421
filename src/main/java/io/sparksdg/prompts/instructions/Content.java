package io.sparksdg.prompts.instructions;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Instructions on content a response must hold (IFEval "detectable_content:"). */
public final class Content {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\[.*?\\]", Text.PY);

  private Content() {}

  /** At least so many placeholders in square brackets, such as [name]. */
  public record NumberPlaceholders(int numPlaceholders) implements VerifiableInstruction {
    public static final String ID = "detectable_content:number_placeholders";

    public NumberPlaceholders {
      if (numPlaceholders < 1) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs num_placeholders >= 1");
      }
    }

    static NumberPlaceholders from(Params p) {
      return new NumberPlaceholders(
          p.only("num_placeholders").integer("num_placeholders", 1, 1000));
    }

    static NumberPlaceholders random(Random rnd) {
      return new NumberPlaceholders(1 + rnd.nextInt(4));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Leave at least "
          + Text.plural(numPlaceholders, "placeholder", "placeholders")
          + " for the reader to fill in, written in square brackets like [name].";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("num_placeholders", numPlaceholders);
    }

    @Override
    public Verdict check(String response) {
      int found = Text.count(PLACEHOLDER, response);
      return Verdict.when(
          found >= numPlaceholders,
          "found %s in square brackets, expected at least %d",
          Text.plural(found, "placeholder", "placeholders"),
          numPlaceholders);
    }
  }

  /** A postscript introduced by a marker such as "P.S." (found anywhere, in any case). */
  public record Postscript(String postscriptMarker) implements VerifiableInstruction {
    public static final String ID = "detectable_content:postscript";

    static final List<String> MARKERS = List.of("P.S.", "P.P.S");

    public Postscript {
      postscriptMarker = postscriptMarker.strip();
      if (postscriptMarker.isEmpty()) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs a postscript_marker");
      }
    }

    static Postscript from(Params p) {
      return new Postscript(p.only("postscript_marker").string("postscript_marker"));
    }

    static Postscript random(Random rnd) {
      return new Postscript(MARKERS.get(rnd.nextInt(MARKERS.size())));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Close with a postscript that begins with " + postscriptMarker + ".";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("postscript_marker", postscriptMarker);
    }

    @Override
    public Verdict check(String response) {
      return Verdict.when(
          pattern().matcher(Text.lower(response)).find(),
          "no postscript starting with %s",
          postscriptMarker);
    }

    /** The two usual markers tolerate a space after each period; others match as written. */
    private Pattern pattern() {
      if (postscriptMarker.equals("P.P.S")) {
        return Pattern.compile("\\s*p\\.\\s?p\\.\\s?s.*$", Text.PY | Pattern.MULTILINE);
      }
      if (postscriptMarker.equals("P.S.")) {
        return Pattern.compile("\\s*p\\.\\s?s\\..*$", Text.PY | Pattern.MULTILINE);
      }
      String marker = Text.lower(postscriptMarker);
      try {
        // the reference reads a custom marker as a regular expression
        return Pattern.compile("\\s*" + marker + ".*$", Text.PY | Pattern.MULTILINE);
      } catch (PatternSyntaxException e) {
        return Pattern.compile("\\s*" + Pattern.quote(marker) + ".*$", Text.PY | Pattern.MULTILINE);
      }
    }
  }
}
