package io.sparksdg.prompts.instructions;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Instructions on how a response begins or ends (IFEval "startend:"). */
public final class StartEnd {

  private StartEnd() {}

  /** The response ends with a given phrase (ignoring case and a closing double quote). */
  public record EndChecker(String endPhrase) implements VerifiableInstruction {
    public static final String ID = "startend:end_checker";

    static final List<String> ENDINGS =
        List.of(
            "Is there anything else I can help with?",
            "Any other questions?",
            "Let me know if you have additional questions.",
            "That is all for now.",
            "Hope this helps!");

    public EndChecker {
      endPhrase = endPhrase.strip();
      if (endPhrase.isEmpty()) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs an end_phrase");
      }
    }

    static EndChecker from(Params p) {
      return new EndChecker(p.only("end_phrase").string("end_phrase"));
    }

    static EndChecker random(Random rnd) {
      return new EndChecker(ENDINGS.get(rnd.nextInt(ENDINGS.size())));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "End your response with the exact phrase \""
          + endPhrase
          + "\", and write nothing after it.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("end_phrase", endPhrase);
    }

    @Override
    public Verdict check(String response) {
      String body = Text.lower(Text.strip(Text.strip(response), "\""));
      return Verdict.when(
          body.endsWith(Text.lower(Text.strip(endPhrase))),
          "the response does not end with \"%s\"",
          endPhrase);
    }
  }

  /** The whole response is wrapped in double quotation marks. */
  public record Quotation() implements VerifiableInstruction {
    public static final String ID = "startend:quotation";

    static Quotation from(Params p) {
      p.only();
      return new Quotation();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Put your whole response inside double quotation marks.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      String body = Text.strip(response);
      return Verdict.when(
          body.length() > 1 && body.startsWith("\"") && body.endsWith("\""),
          "the response is not wrapped in double quotation marks");
    }
  }
}
