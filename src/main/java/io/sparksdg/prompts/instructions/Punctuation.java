package io.sparksdg.prompts.instructions;

import java.util.Map;

/** Instructions on punctuation (IFEval "punctuation:"). */
public final class Punctuation {

  private Punctuation() {}

  /** No comma (the ASCII ',') anywhere. */
  public record NoComma() implements VerifiableInstruction {
    public static final String ID = "punctuation:no_comma";

    static NoComma from(Params p) {
      p.only();
      return new NoComma();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Do not use a single comma anywhere in your response.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      long commas = response.chars().filter(c -> c == ',').count();
      return Verdict.when(commas == 0, "found %d comma%s", commas, commas == 1 ? "" : "s");
    }
  }
}
