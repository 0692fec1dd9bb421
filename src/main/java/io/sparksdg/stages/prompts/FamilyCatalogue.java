package io.sparksdg.stages.prompts;

import io.sparksdg.config.FamiliesConfig;
import io.sparksdg.config.PromptsConfig;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every synthetic prompt family, in the order the job generates them: its task, what its requests
 * are made from, its templates, the config that switches it on and how its stage is built. The job
 * ({@code FamiliesStep}) and {@code sdg plan} both read this one list.
 */
public final class FamilyCatalogue {

  /** What a family's requests are made from. */
  public enum Source {
    /** One request per leaf topic and subject (writing: per document type). */
    TOPICS,
    /** One request per document of the closed Q&A corpus. */
    DOCUMENTS,
    /** One request per keyword and level (math, Python). */
    KEYWORDS,
    /** Per leaf topic, a list of instructions, then calls per instruction (turn variants). */
    INSTRUCTION_TURNS,
    /** One request per open question, up to a count (two-turn prompts). */
    OPEN_QUESTIONS
  }

  /** Builds a family's stage from the generator's model and sampling. */
  @FunctionalInterface
  public interface Factory {
    PromptFamily create(
        Function<String, PromptTemplate> templates, String model, Sampling sampling, long seed);
  }

  /**
   * One enabled family.
   *
   * @param task the family's name, the {@code task} of its prompts
   * @param source what its requests are made from
   * @param template the template of its requests
   * @param perRequest prompts each request asks for
   * @param subjects document types (writing) or levels (keywords); empty for none
   * @param reviseTemplate the template that revises each prompt into a more detailed one, or null
   * @param keywords the keyword settings of a {@link Source#KEYWORDS} family, else null
   * @param limit the most prompts a {@link Source#OPEN_QUESTIONS} family starts from
   * @param factory its stage
   */
  public record Family(
      String task,
      Source source,
      String template,
      int perRequest,
      List<String> subjects,
      String reviseTemplate,
      FamiliesConfig.Keywords keywords,
      long limit,
      Factory factory) {

    public Family {
      subjects = List.copyOf(subjects);
    }

    /** The stage that revises this family's prompts, when it revises them. */
    public PromptFamily revision(
        Function<String, PromptTemplate> templates, String model, Sampling sampling, long seed) {
      return new RevisePromptsStage(task, templates.apply(reviseTemplate), model, sampling, seed);
    }
  }

  private FamilyCatalogue() {}

  /** The families {@code prompts} enables, in generation order. */
  public static List<Family> enabled(PromptsConfig pc) {
    FamiliesConfig f = pc.families();
    List<Family> out = new ArrayList<>();
    openQa(pc, out);
    writing(f.writing(), out);
    closedQa(f.closedQa(), out);
    keywords(KeywordProblemsStage.MATH, f.math(), out);
    keywords(KeywordProblemsStage.PYTHON, f.python(), out);
    instructionFollowing(f.instructionFollowing(), out);
    twoTurn(f.twoTurn(), out);
    return out;
  }

  private static void openQa(PromptsConfig pc, List<Family> out) {
    FamiliesConfig.OpenQa qa = pc.families().openQa();
    if (qa.enabled()) {
      int perTopic = pc.questionsPerTopic();
      out.add(
          family(
              GeneratePromptsStage.TASK,
              Source.TOPICS,
              "open-questions",
              perTopic,
              qa.revise() ? "revise-open-question" : null,
              (t, model, s, seed) ->
                  new GeneratePromptsStage(t.apply("open-questions"), model, s, perTopic, seed)));
    }
  }

  private static void writing(FamiliesConfig.Writing w, List<Family> out) {
    if (w.enabled()) {
      out.add(
          new Family(
              WritingTasksStage.TASK,
              Source.TOPICS,
              "writing-tasks",
              w.perType(),
              w.documentTypes(),
              w.revise() ? "revise-writing-task" : null,
              null,
              0,
              (t, model, s, seed) ->
                  new WritingTasksStage(t.apply("writing-tasks"), model, s, w.perType(), seed)));
    }
  }

  private static void closedQa(FamiliesConfig.ClosedQa qa, List<Family> out) {
    if (qa.enabled()) {
      int perDocument = qa.perDocument();
      out.add(
          family(
              ClosedQaStage.TASK,
              Source.DOCUMENTS,
              "closed-qa-instructions",
              perDocument,
              null,
              (t, model, s, seed) ->
                  new ClosedQaStage(
                      t.apply("closed-qa-instructions"),
                      t.apply("closed-qa-join"),
                      model,
                      s,
                      perDocument,
                      seed)));
    }
  }

  private static void twoTurn(FamiliesConfig.TwoTurn twoTurn, List<Family> out) {
    if (twoTurn.enabled()) {
      out.add(
          new Family(
              TwoTurnStage.TASK,
              Source.OPEN_QUESTIONS,
              "two-turn-followup",
              1,
              List.of(),
              null,
              null,
              twoTurn.count(),
              (t, model, s, seed) ->
                  new TwoTurnStage(t.apply("two-turn-followup"), model, s, seed)));
    }
  }

  private static void keywords(String task, FamiliesConfig.Keywords k, List<Family> out) {
    if (k.enabled()) {
      String template = task + "-problems";
      out.add(
          new Family(
              task,
              Source.KEYWORDS,
              template,
              k.perKeyword(),
              k.levels(),
              null,
              k,
              0,
              (t, model, s, seed) ->
                  new KeywordProblemsStage(
                      task,
                      t.apply(template),
                      k.tests() ? t.apply(task + "-tests") : null,
                      model,
                      s,
                      k.perKeyword(),
                      seed)));
    }
  }

  private static void instructionFollowing(
      FamiliesConfig.InstructionFollowing ifc, List<Family> out) {
    if (ifc.enabled()) {
      out.add(
          family(
              InstructionFollowingStage.TASK,
              Source.TOPICS,
              "instruction-prompts",
              ifc.perTopic(),
              null,
              (t, model, s, seed) ->
                  new InstructionFollowingStage(
                      t.apply("instruction-prompts"),
                      model,
                      s,
                      ifc.perTopic(),
                      ifc.minInstructions(),
                      ifc.maxInstructions(),
                      seed)));
    }
    for (InstructionTurnsStage.Variant v : InstructionTurnsStage.Variant.values()) {
      boolean multi = v == InstructionTurnsStage.Variant.MULTI_TURN;
      FamiliesConfig.Variant vc = multi ? ifc.multiTurn() : ifc.secondTurn();
      String template = multi ? "instruction-multi-turn" : "instruction-second-turn";
      if (vc.enabled()) {
        out.add(
            family(
                v.task(),
                Source.INSTRUCTION_TURNS,
                template,
                vc.perTopic(),
                null,
                (t, model, s, seed) ->
                    new InstructionTurnsStage(
                        v,
                        t.apply(template),
                        t.apply("instruction-prompts"),
                        t.apply("two-turn-followup"),
                        model,
                        s,
                        vc.perTopic(),
                        ifc.minInstructions(),
                        ifc.maxInstructions(),
                        seed)));
      }
    }
  }

  private static Family family(
      String task,
      Source source,
      String template,
      int perRequest,
      String reviseTemplate,
      Factory factory) {
    return new Family(
        task, source, template, perRequest, List.of(), reviseTemplate, null, 0, factory);
  }
}
