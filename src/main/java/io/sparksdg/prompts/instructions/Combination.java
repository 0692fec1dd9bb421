package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/** Instructions that shape the response as a whole (IFEval "combination:"). */
public final class Combination {

  private static final Pattern SIX_STARS = Pattern.compile(Pattern.quote("******"));

  /** Sample requests for {@link RepeatPrompt#random}; real prompts pass their own text. */
  static final List<String> SAMPLE_REQUESTS =
      List.of(
          "Write a short story about a lighthouse keeper who finds a message in a bottle.",
          "Explain how a bill becomes a law in the United States.",
          "Describe the water cycle to a ten-year-old.",
          "Write a limerick about a cat who loves to cook.",
          "What are the pros and cons of working from home?");

  private Combination() {}

  /** Two different answers separated by six asterisks, and no other use of that separator. */
  public record TwoResponses() implements VerifiableInstruction {
    public static final String ID = "combination:two_responses";

    static TwoResponses from(Params p) {
      p.only();
      return new TwoResponses();
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Write two different answers, separated by six asterisks (******); use the "
          + "asterisks only for that.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public Verdict check(String response) {
      String[] parts = Text.split(SIX_STARS, response);
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < parts.length; i++) {
        if (!Text.isBlank(parts[i])) {
          answers.add(Text.strip(parts[i]));
        } else if (i != 0 && i != parts.length - 1) {
          return Verdict.fail("an empty answer stands between two ****** separators");
        }
      }
      if (answers.size() != 2) {
        return Verdict.fail(
            "found " + Text.plural(answers.size(), "answer", "answers") + ", expected 2");
      }
      return Verdict.when(!answers.get(0).equals(answers.get(1)), "the two answers are the same");
    }
  }

  /** The response first repeats the request word for word (ignoring case), then answers it. */
  public record RepeatPrompt(String promptToRepeat) implements VerifiableInstruction {
    public static final String ID = "combination:repeat_prompt";

    public RepeatPrompt {
      if (promptToRepeat == null || Text.isBlank(promptToRepeat)) {
        throw new IllegalArgumentException("Instruction '" + ID + "' needs a prompt_to_repeat");
      }
    }

    static RepeatPrompt from(Params p) {
      return new RepeatPrompt(p.only("prompt_to_repeat").string("prompt_to_repeat"));
    }

    static RepeatPrompt random(Random rnd) {
      return new RepeatPrompt(SAMPLE_REQUESTS.get(rnd.nextInt(SAMPLE_REQUESTS.size())));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String phrase() {
      return "Before you answer, copy the request exactly as it is written, leaving out this "
          + "sentence and adding nothing in front of it; then give your answer.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Params.map("prompt_to_repeat", promptToRepeat);
    }

    @Override
    public Verdict check(String response) {
      return Verdict.when(
          Text.lower(Text.strip(response)).startsWith(Text.lower(Text.strip(promptToRepeat))),
          "the response does not start by repeating the request");
    }
  }
}
