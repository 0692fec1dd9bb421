package io.sparksdg.stages.prompts;

import io.sparksdg.judge.code.CodeExtraction;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.Message;
import io.sparksdg.model.Sampling;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The math and Python families: problems per keyword (the request's {@code topic}) at a stated
 * level, one request per (keyword, level). With a tests template (Python, {@code tests: true}),
 * each problem is followed by a call that names the function solving it and writes {@code assert}
 * tests for it: the prompt then asks for that function and carries the tests as its answer key.
 */
public final class KeywordProblemsStage extends FamilyStage {

  public static final String MATH = "math";
  public static final String PYTHON = "python";

  private static final Pattern SIGNATURE =
      Pattern.compile("^\\s*def\\s+([A-Za-z_]\\w*)\\s*\\(([^)]*)\\)\\s*(->[^:]*)?:\\s*$");

  private final PromptTemplate testsTemplate;

  public KeywordProblemsStage(
      String task,
      PromptTemplate template,
      String model,
      Sampling sampling,
      int perKeyword,
      long runSeed) {
    this(task, template, null, model, sampling, perKeyword, runSeed);
  }

  /**
   * @param testsTemplate the template asking for a problem's function and tests, or null for none
   */
  public KeywordProblemsStage(
      String task,
      PromptTemplate template,
      PromptTemplate testsTemplate,
      String model,
      Sampling sampling,
      int perKeyword,
      long runSeed) {
    super(task, template, model, sampling, perKeyword, runSeed);
    this.testsTemplate = testsTemplate;
  }

  /** A request for one keyword at one level. */
  public static FamilyRequest request(String keyword, String level) {
    return new FamilyRequest(null, null, null, keyword, null, null, level, null);
  }

  @Override
  CompletableFuture<List<Outcome<PromptRecord>>> generate(FamilyRequest r, ChatClient client) {
    String text = template.render(Map.of("n", count, "keyword", r.topic(), "level", r.level()));
    CompletableFuture<List<Outcome<PromptRecord>>> problems =
        list(r.workId(), text, "problems", count, client)
            .thenApply(listed -> perItem(r, listed, r.leafTopicId()));
    return testsTemplate == null ? problems : problems.thenCompose(rows -> withTests(rows, client));
  }

  /** Each problem with its function and tests (a problem whose reply has none stays as it was). */
  private CompletableFuture<List<Outcome<PromptRecord>>> withTests(
      List<Outcome<PromptRecord>> rows, ChatClient client) {
    List<CompletableFuture<Outcome<PromptRecord>>> calls = new ArrayList<>();
    for (Outcome<PromptRecord> row : rows) {
      if (!(row instanceof Outcome.Ok<PromptRecord> ok)) {
        calls.add(CompletableFuture.completedFuture(row));
        continue;
      }
      PromptRecord p = ok.value();
      String problem = p.messages().get(p.messages().size() - 1).content();
      String ask = testsTemplate.render(Map.of("task", problem));
      calls.add(
          text(Ids.of(p.promptId(), testsTemplate.id()), List.of(Message.user(ask)), client)
              .thenApply(written -> Outcome.ok(tested(p, problem, written.text()))));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
  }

  /** The prompt asking for the named function, its tests as the answer key; or {@code p}. */
  private PromptRecord tested(PromptRecord p, String problem, String reply) {
    Optional<FunctionTests> parsed = FunctionTests.parse(reply);
    if (parsed.isEmpty()) {
      return p;
    }
    FunctionTests ft = parsed.get();
    String asked =
        problem
            + "\n\nWrite the solution in Python as the function `"
            + ft.signature()
            + "`, complete, in one fenced ```python code block.";
    return new PromptRecord(
        Ids.of(p.promptId(), testsTemplate.id(), testsTemplate.version(), asked, ft.tests()),
        p.sourceId(),
        p.task(),
        List.of(Message.user(asked)),
        p.topic(),
        p.parentId(),
        p.templateId(),
        p.templateVersion(),
        p.model(),
        ft.tests(),
        p.sampling(),
        p.seed(),
        p.topicId(),
        p.subtopicId(),
        p.documentId(),
        p.level(),
        p.instructions());
  }

  /** A function's signature ({@code name(params)}) and its assert lines. */
  record FunctionTests(String signature, String tests) {

    static Optional<FunctionTests> parse(String reply) {
      Optional<String> code = CodeExtraction.code(reply);
      if (code.isEmpty()) {
        return Optional.empty();
      }
      String signature = null;
      StringBuilder tests = new StringBuilder();
      for (String line : code.get().split("\n")) {
        Matcher m = SIGNATURE.matcher(line);
        if (signature == null && m.matches()) {
          signature = m.group(1) + "(" + m.group(2).strip() + ")";
        } else if (line.strip().startsWith("assert ")) {
          tests.append(line.strip()).append('\n');
        }
      }
      return signature == null || tests.isEmpty()
          ? Optional.empty()
          : Optional.of(new FunctionTests(signature, tests.toString()));
    }
  }
}
