package io.sparksdg.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.config.DialoguesConfig;
import io.sparksdg.config.EndpointConfig;
import io.sparksdg.config.FamiliesConfig;
import io.sparksdg.config.PromptsConfig;
import io.sparksdg.config.SdgConfig;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.stages.prompts.FamilyCatalogue;
import io.sparksdg.stages.prompts.FamilyMix;
import io.sparksdg.stages.prompts.GeneratePromptsStage;
import io.sparksdg.stages.prompts.InstructionTurnsStage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a config will ask of its model servers, estimated without calling any: per stage and
 * endpoint, the requests, the prompt and completion tokens, and their cost at the endpoints'
 * prices.
 *
 * <p>Counts follow the config (topics, subtopics, per-topic sizes, keyword and document counts,
 * imported lines, responses and dialogues per prompt). Prompt tokens are text length / 4 ({@link
 * #tokens}); completion tokens are each endpoint's {@link EndpointConfig#plannedOutputTokens()}.
 * Generated prompts are counted before duplicate removal, so the plan is an upper bound there; a
 * generated list item is taken to be its request's output divided by the items asked for.
 */
public final class RunPlan {

  /** Characters per token of the estimate. */
  public static final int CHARS_PER_TOKEN = 4;

  /** One stage's use of one endpoint. */
  public record Line(
      String stage,
      String endpoint,
      String model,
      long requests,
      long promptTokens,
      long completionTokens,
      double costUsd) {}

  private final SdgConfig config;
  private final List<Line> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final CostLedger prices;

  private RunPlan(SdgConfig config) {
    this.config = config;
    Map<String, String> models = new LinkedHashMap<>();
    Map<String, io.sparksdg.config.PriceConfig> priceMap = new LinkedHashMap<>();
    config
        .endpoints()
        .forEach(
            (n, e) -> {
              models.put(n, e.model());
              priceMap.put(n, e.callPrice());
            });
    this.prices = new CostLedger(models, priceMap);
  }

  /** The plan of a validated config; reads the input files it names (prompts, topics, keywords). */
  public static RunPlan of(SdgConfig config) {
    RunPlan plan = new RunPlan(config);
    plan.build();
    return plan;
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public long totalRequests() {
    return lines.stream().mapToLong(Line::requests).sum();
  }

  public double totalCostUsd() {
    return lines.stream().mapToDouble(Line::costUsd).sum();
  }

  /** Estimated tokens of a text: its length / {@value #CHARS_PER_TOKEN}, rounded up. */
  public static long tokens(String text) {
    return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** Prompts of each kind, with the mean prompt tokens of each. */
  private record Prompts(long count, double meanTokens) {
    static final Prompts NONE = new Prompts(0, 0);

    Prompts plus(Prompts o) {
      long n = count + o.count;
      return n == 0
          ? NONE
          : new Prompts(n, (count * meanTokens + o.count * o.meanTokens) / (double) n);
    }

    Prompts limit(long n) {
      return new Prompts(Math.min(n, count), meanTokens);
    }
  }

  // reasoning modes per prompt, on average over the families (1 without modes); synthetic
  // prompts times the modes each is asked in
  private double modesPerPrompt = 1;
  private double syntheticAsked;

  private void build() {
    Prompts prompts = prompts();
    responses(prompts);
    dialogues(prompts);
    config
        .endpoints()
        .forEach(
            (name, e) -> {
              if (e.batchMode() && e.price().isSet()) {
                notes.add(
                    String.format(
                        java.util.Locale.ROOT,
                        "Endpoint '%s' is in batch mode: priced at %.0f%% of its online price"
                            + " (price.batch-discount %s).",
                        name,
                        100 * (1 - e.price().batchDiscount()),
                        e.price().batchDiscount()));
              }
            });
  }

  private void add(String stage, String endpoint, long requests, double prompt, double completion) {
    if (requests <= 0) {
      return;
    }
    long p = Math.round(prompt);
    long c = Math.round(completion);
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.stage().equals(stage) && l.endpoint().equals(endpoint)) { // e.g. a family's revisions
        p += l.promptTokens();
        c += l.completionTokens();
        requests += l.requests();
        lines.set(i, line(stage, endpoint, requests, p, c));
        return;
      }
    }
    lines.add(line(stage, endpoint, requests, p, c));
  }

  private Line line(String stage, String endpoint, long requests, long p, long c) {
    return new Line(
        stage,
        endpoint,
        config.endpoints().get(endpoint).model(),
        requests,
        p,
        c,
        prices.cost(endpoint, new io.sparksdg.model.Usage(p, c)));
  }

  private long templateTokens(String id) {
    // the template with its placeholders filled by a few words each
    return tokens(PromptTemplate.load(id, config.prompts().templatesDir()).text()) + 8;
  }

  private Prompts prompts() {
    PromptsConfig pc = config.prompts();
    Prompts imported = Prompts.NONE;
    for (String extra : pc.extraImports()) {
      imported = imported.plus(importedPrompts(extra));
    }
    Prompts all;
    double asked;
    if (pc.fromRound() != null) {
      Prompts earlier = fromRound(pc.fromRound());
      all = earlier.plus(imported);
      asked = earlier.count() * config.responses().modesFor(null).size();
    } else if (pc.imported()) {
      all = importedPrompts(pc.importPath()).plus(imported);
      asked = (all.count() - imported.count()) * config.responses().modesFor("imported").size();
    } else {
      Prompts synthetic = synthetic();
      all = synthetic.plus(imported);
      asked = syntheticAsked;
    }
    asked += imported.count() * config.responses().modesFor("imported").size();
    modesPerPrompt = all.count() == 0 ? 1 : asked / all.count();
    return all;
  }

  private Prompts synthetic() {
    PromptsConfig pc = config.prompts();
    String gen = pc.generator();
    long out = config.endpoint(gen, "prompts.generator").plannedOutputTokens();
    add("topics", gen, 1, templateTokens("macro-topics"), out);
    long topics = pc.topics();
    long userTopics = pc.topicsFile() == null ? 0 : PlanFiles.lines(pc.topicsFile(), true);
    long leaves = topics + userTopics;
    if (pc.subtopicsPerTopic() > 0) {
      add("topics-subtopics", gen, topics, topics * templateTokens("subtopics"), topics * out);
      leaves = topics * pc.subtopicsPerTopic() + userTopics;
    }
    Map<String, Prompts> byTask = new LinkedHashMap<>();
    Prompts openQa = Prompts.NONE;
    for (FamilyCatalogue.Family f : FamilyCatalogue.enabled(pc)) {
      Prompts made =
          switch (f.source()) {
            case TOPICS -> {
              long requests = leaves * Math.max(1, f.subjects().size());
              yield family(f.task(), f.template(), requests, f.perRequest(), 0, byTask);
            }
            case DOCUMENTS -> closedQa(f, byTask);
            case KEYWORDS -> keywordProblems(f, leaves, byTask);
            case INSTRUCTION_TURNS -> variant(f, leaves, out, byTask);
            case OPEN_QUESTIONS -> twoTurn(f, openQa, out, byTask);
          };
      if (f.reviseTemplate() != null) {
        revise(f.task(), f.reviseTemplate(), made, byTask);
      }
      if (f.task().equals(GeneratePromptsStage.TASK)) {
        openQa = made;
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    byTask.forEach((task, p) -> counts.put(task, p.count()));
    Map<String, Long> quotas = pc.mix().isEmpty() ? counts : FamilyMix.quotas(counts, pc.mix());
    Prompts all = Prompts.NONE;
    syntheticAsked = 0;
    for (Map.Entry<String, Prompts> e : byTask.entrySet()) {
      Prompts kept = e.getValue().limit(quotas.getOrDefault(e.getKey(), 0L));
      all = all.plus(kept);
      syntheticAsked += kept.count() * (double) config.responses().modesFor(e.getKey()).size();
    }
    if (pc.dedup().enabled()) {
      notes.add("Generated prompts are counted before duplicate removal: an upper bound.");
    }
    return all;
  }

  /** Closed Q&A: a request per document, each prompt carrying its document by a template. */
  private Prompts closedQa(FamilyCatalogue.Family f, Map<String, Prompts> byTask) {
    long[] docs = PlanFiles.documents(config.prompts().families().closedQa().documents());
    long meanDoc = docs[0] == 0 ? 0 : docs[1] / docs[0];
    Prompts p = family(f.task(), f.template(), docs[0], f.perRequest(), meanDoc, byTask);
    Prompts joined =
        new Prompts(p.count(), p.meanTokens() + meanDoc + templateTokens("closed-qa-join"));
    byTask.put(f.task(), joined);
    return joined;
  }

  /** Math or Python: a request per keyword and level, after an optional yes/no per keyword. */
  private Prompts keywordProblems(
      FamilyCatalogue.Family f, long leaves, Map<String, Prompts> byTask) {
    FamiliesConfig.Keywords k = f.keywords();
    long keywords = k.keywords().size();
    if (k.keywordsFile() != null) {
      keywords += PlanFiles.lines(k.keywordsFile(), true);
    }
    if (k.fromTopics()) {
      keywords += leaves;
    }
    if (k.classifyKeywords()) {
      // a yes or no per keyword; every keyword is counted as a yes below
      add(
          "keywords-" + f.task(),
          config.prompts().generator(),
          keywords,
          keywords * templateTokens("keyword-classifier"),
          2.0 * keywords);
      notes.add("Classified " + f.task() + " keywords are all counted as yes: an upper bound.");
    }
    Prompts made =
        family(f.task(), f.template(), keywords * f.subjects().size(), f.perRequest(), 0, byTask);
    if (k.tests()) {
      // a call per problem for its function's tests; a problem whose tests do not parse is kept
      String gen = config.prompts().generator();
      long n = made.count();
      add(
          "prompts-" + f.task(),
          gen,
          n,
          n * (templateTokens(f.task() + "-tests") + made.meanTokens()),
          n * (double) config.endpoint(gen, "prompts.generator").plannedOutputTokens());
    }
    return made;
  }

  /** Two-turn prompts: a follow-up per open question, up to the family's count. */
  private Prompts twoTurn(
      FamilyCatalogue.Family f, Prompts openQa, long out, Map<String, Prompts> byTask) {
    long n = Math.min(f.limit(), openQa.count());
    add(
        "prompts-" + f.task(),
        config.prompts().generator(),
        n,
        n * (templateTokens(f.template()) + openQa.meanTokens() + out),
        n * out);
    Prompts made = new Prompts(n, openQa.meanTokens() * 2 + out);
    byTask.put(f.task(), made);
    return made;
  }

  /**
   * A family's requests ({@code requests}, each asking for {@code perRequest} items) as a stage
   * line; returns the prompts they make, each about its request's output over the items asked.
   */
  private Prompts family(
      String task,
      String template,
      long requests,
      int perRequest,
      long extraPromptTokens,
      Map<String, Prompts> byTask) {
    String gen = config.prompts().generator();
    long out = config.endpoint(gen, "prompts.generator").plannedOutputTokens();
    add(
        "prompts-" + task,
        gen,
        requests,
        requests * (double) (templateTokens(template) + extraPromptTokens),
        requests * (double) out);
    Prompts made = new Prompts(requests * perRequest, (double) out / perRequest);
    byTask.merge(task, made, Prompts::plus);
    return made;
  }

  /**
   * An instruction-following variant: per topic, a list of requests, then per request an answer
   * (second turn) or an answer and a follow-up question (multi-turn).
   */
  private Prompts variant(
      FamilyCatalogue.Family f, long topics, long out, Map<String, Prompts> byTask) {
    String gen = config.prompts().generator();
    boolean multi =
        f.source() == FamilyCatalogue.Source.INSTRUCTION_TURNS
            && f.task().equals(InstructionTurnsStage.Variant.MULTI_TURN.task());
    int perTopic = f.perRequest();
    long items = topics * perTopic;
    double item = (double) out / perTopic;
    double own = templateTokens(f.template());
    double prompt = topics * templateTokens("instruction-prompts") + items * (item + own);
    long requests = topics + items;
    if (multi) {
      prompt += items * (templateTokens("two-turn-followup") + item + out);
      requests += items;
    }
    add("prompts-" + f.task(), gen, requests, prompt, (double) requests * out);
    Prompts made = new Prompts(items, 2 * item + own + out);
    byTask.merge(f.task(), made, Prompts::plus);
    return made;
  }

  private void revise(
      String task, String template, Prompts originals, Map<String, Prompts> byTask) {
    String gen = config.prompts().generator();
    long out = config.endpoint(gen, "prompts.generator").plannedOutputTokens();
    long n = originals.count();
    add(
        "prompts-" + task,
        gen,
        n,
        n * (templateTokens(template) + originals.meanTokens()),
        n * (double) out);
    byTask.merge(task, new Prompts(n, out), Prompts::plus);
  }

  private void responses(Prompts prompts) {
    int perPrompt = config.responses().perPrompt();
    Map<String, Double> weights = config.responses().generators();
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    // each reasoning mode a prompt is asked in has per-prompt samples of its own
    long total =
        TargetPlan.attempts(
            config, Math.round(prompts.count() * modesPerPrompt * perPrompt), notes);
    double meanCompletion = 0;
    long assigned = 0;
    List<String> names = new ArrayList<>(weights.keySet());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      long n =
          i == names.size() - 1 ? total - assigned : Math.round(total * weights.get(name) / sum);
      assigned += n;
      long out = config.endpoint(name, "responses.generators").plannedOutputTokens();
      meanCompletion += total == 0 ? 0 : (double) n * out / total;
      add("responses", name, n, n * prompts.meanTokens(), (double) n * out);
    }
    String judge = config.scores().judge();
    long judgeOut = config.endpoint(judge, "scores.judge").plannedOutputTokens();
    add(
        "scores",
        judge,
        total,
        total * (prompts.meanTokens() + meanCompletion),
        (double) total * judgeOut);
    if (config.preferences().usesPairJudge() && perPrompt > 1) {
      String name = config.preferences().pairJudgeEndpoint();
      EndpointConfig e = config.endpoint(name, config.preferences().pairJudgeKey());
      long pairs = perPrompt * (perPrompt - 1L) / 2;
      double judged = TargetPlan.judgedPrompts(config, prompts.count() * modesPerPrompt);
      long n = Math.round(judged * config.preferences().pairJudgeShare()) * pairs * 2;
      add(
          "judgements",
          name,
          n,
          n * (templateTokens("pairwise-judge") + prompts.meanTokens() + 2 * meanCompletion),
          (double) n * e.plannedOutputTokens());
      notes.add(
          "judgements assume the LLM judge decides for its whole share of prompts (other judges"
              + " come first): an upper bound.");
    }
  }

  private void dialogues(Prompts prompts) {
    DialoguesConfig d = config.dialogues();
    if (!d.enabled()) {
      return;
    }
    long n = prompts.count() * d.perPrompt();
    long t = d.turns();
    double p0 = prompts.meanTokens();
    double a = config.endpoint(d.assistant(), "dialogues.assistant").plannedOutputTokens();
    double u = config.endpoint(d.user(), "dialogues.user").plannedOutputTokens();
    // the conversation grows by a user turn and an answer per round
    double assistantPrompt = t * p0 + (u + a) * t * (t - 1) / 2.0;
    double userPrompt =
        (t - 1) * (p0 + templateTokens("dialogue-user"))
            + a * t * (t - 1) / 2.0
            + u * (t - 1) * (t - 2) / 2.0;
    add("dialogues", d.assistant(), n * t, n * assistantPrompt, n * t * a);
    add("dialogues", d.user(), n * (t - 1), n * userPrompt, n * (t - 1) * u);
    String judge = config.scores().judge();
    add(
        "dialogues",
        judge,
        n,
        n * (p0 + t * a + (t - 1) * u),
        (double) n * config.endpoint(judge, "scores.judge").plannedOutputTokens());
  }

  /** The prompts of an imported JSONL file: its non-blank lines, and their prompt text. */
  private Prompts importedPrompts(String path) {
    long[] counted = PlanFiles.importedPrompts(path, notes);
    return counted[0] == 0
        ? Prompts.NONE
        : new Prompts(counted[0], (double) counted[1] / counted[0]);
  }

  private Prompts fromRound(String root) {
    Path summary = Path.of(root.replaceFirst("^file:(//)?", "")).resolve("_summary.json");
    try {
      long n = new ObjectMapper().readTree(summary.toFile()).path("rows").path("prompts").asLong();
      notes.add("Prompts of an earlier round: " + n + " (from " + summary + "), 100 tokens each.");
      return new Prompts(n, 100);
    } catch (IOException e) {
      notes.add("Cannot read " + summary + ": prompts.from-round counted as 0 prompts.");
      return Prompts.NONE;
    }
  }

  /** The plan as a table, one line per stage and endpoint, then the total and the notes. */
  public String table() {
    return PlanFiles.table(lines, totalRequests(), totalCostUsd(), notes);
  }
}
