package io.sparksdg.stages.responses;

import io.sparksdg.config.DialoguesConfig;
import io.sparksdg.judge.RewardWeights;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.Message;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.Sampling;
import io.sparksdg.model.Spend;
import io.sparksdg.prompts.PromptTemplate;
import io.sparksdg.records.DialogueRecord;
import io.sparksdg.records.FailureRecord;
import io.sparksdg.records.Ids;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.SamplingKey;
import io.sparksdg.records.Stage;
import io.sparksdg.records.UnusableOutputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multi-turn dialogues: starting from a prompt's user turn, the assistant model answers and a model
 * playing the user (under a persona) asks the next question, for {@code turns} user turns; polite
 * filler is stripped from the generated user turns; the reward model then scores the whole
 * conversation, which ends with the assistant's last answer, and the dialogue is kept for SFT when
 * its reward reaches the threshold.
 */
public final class GenerateDialoguesStage implements Serializable {

  private final PromptTemplate userTemplate = PromptTemplate.builtIn("dialogue-user");
  private final DialoguesConfig config;
  private final String userModel;
  private final String assistantModel;
  private final Sampling userSampling;
  private final Sampling assistantSampling;
  private final RewardWeights weights;
  private final double minReward;
  private final long runSeed;
  private final List<String> personaNames;
  private transient List<Pattern> strip;

  public GenerateDialoguesStage(
      DialoguesConfig config,
      String userModel,
      Sampling userSampling,
      String assistantModel,
      Sampling assistantSampling,
      RewardWeights weights,
      double minReward,
      long runSeed) {
    this.config = config;
    this.userModel = userModel;
    this.assistantModel = assistantModel;
    this.userSampling = decoding(userSampling, config);
    this.assistantSampling = decoding(assistantSampling, config);
    this.weights = weights;
    this.minReward = minReward;
    this.runSeed = runSeed;
    this.personaNames = config.personas().keySet().stream().sorted().toList();
  }

  /** One dialogue to generate: the prompt it starts from and its index among that prompt's. */
  public record Item(PromptRecord prompt, int index) implements Serializable {}

  /** The persona of a prompt's {@code index}-th dialogue: a hash of both picks it. */
  public String persona(String promptId, int index) {
    long bits = SamplingKey.seed(runSeed, "persona", promptId, index);
    return personaNames.get((int) Math.floorMod(bits, (long) personaNames.size()));
  }

  public String dialogueId(String promptId, int index) {
    String persona = persona(promptId, index);
    return Ids.of(
        "dialogue",
        promptId,
        index,
        persona,
        config.personas().get(persona),
        userModel,
        SamplingKey.of(userSampling),
        assistantModel,
        SamplingKey.of(assistantSampling),
        config.turns(),
        config.strip(),
        userTemplate.id(),
        userTemplate.version());
  }

  /** The dialogue (or failure) of one item. */
  public CompletableFuture<Outcome<DialogueRecord>> run(
      Item item, ChatClient user, ChatClient assistant, RewardClient reward) {
    String id = dialogueId(item.prompt().promptId(), item.index());
    String persona = persona(item.prompt().promptId(), item.index());
    Progress start = new Progress(new ArrayList<>(item.prompt().messages()), 1, 0, 0, Spend.NONE);
    long began = System.nanoTime();
    return turn(id, persona, start, user, assistant)
        .thenCompose(p -> score(id, item, persona, p, reward, began))
        .exceptionally(
            error ->
                Outcome.failed(
                    FailureRecord.of(id, item.prompt().promptId(), Stage.DIALOGUES, error)));
  }

  /**
   * The conversation so far, the user turn it is at, attempts, stripped characters and the tokens
   * and cost of its calls, each at its own endpoint's price.
   */
  private record Progress(
      List<Message> messages, int userTurn, int attempts, int stripped, Spend spend) {}

  private CompletableFuture<Progress> turn(
      String id, String persona, Progress p, ChatClient user, ChatClient assistant) {
    ChatRequest answer =
        ChatRequest.of(
            p.messages(),
            assistantSampling.withSeed(SamplingKey.seed(runSeed, id, p.userTurn(), "assistant")));
    return call(assistant, answer)
        .thenCompose(
            reply -> {
              List<Message> messages = new ArrayList<>(p.messages());
              messages.add(Message.assistant(reply.text()));
              int attempts = p.attempts() + reply.stats().attempts();
              Spend spent = p.spend().plus(Spend.of(reply.usage(), assistant.price()));
              if (p.userTurn() >= config.turns()) {
                return CompletableFuture.completedFuture(
                    new Progress(messages, p.userTurn(), attempts, p.stripped(), spent));
              }
              ChatRequest ask =
                  ChatRequest.of(
                      userSide(persona, messages),
                      userSampling.withSeed(SamplingKey.seed(runSeed, id, p.userTurn(), "user")));
              return call(user, ask)
                  .thenCompose(
                      next -> {
                        String raw = next.text();
                        String cleaned = strip(raw);
                        int total = attempts + next.stats().attempts();
                        if (cleaned.isBlank()) {
                          throw new UnusableOutputException(
                              "The user turn is empty once polite filler is stripped", raw, total);
                        }
                        messages.add(Message.user(cleaned));
                        return turn(
                            id,
                            persona,
                            new Progress(
                                messages,
                                p.userTurn() + 1,
                                total,
                                p.stripped() + raw.strip().length() - cleaned.length(),
                                spent.plus(Spend.of(next.usage(), user.price()))),
                            user,
                            assistant);
                      });
            });
  }

  private CompletableFuture<Outcome<DialogueRecord>> score(
      String id, Item item, String persona, Progress p, RewardClient reward, long began) {
    CompletableFuture<RewardScores> call;
    try {
      call = reward.score(p.messages());
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.thenApply(
        scores -> {
          int attempts = p.attempts() + scores.stats().attempts();
          Spend spend = p.spend().plus(Spend.of(scores.usage(), reward.price()));
          double value;
          try {
            value = weights.reward(scores);
          } catch (IllegalArgumentException e) {
            throw new UnusableOutputException(e.getMessage(), scores.raw(), attempts);
          }
          boolean kept = value >= minReward;
          Map<String, Double> a = scores.attributes();
          return Outcome.ok(
              new DialogueRecord(
                  id,
                  item.prompt().promptId(),
                  persona,
                  p.messages(),
                  p.userTurn(),
                  userModel,
                  assistantModel,
                  p.stripped(),
                  a.get(RewardScores.HELPFULNESS),
                  a.get(RewardScores.CORRECTNESS),
                  a.get(RewardScores.COHERENCE),
                  a.get(RewardScores.COMPLEXITY),
                  a.get(RewardScores.VERBOSITY),
                  value,
                  scores.model(),
                  kept,
                  kept ? null : String.format("reward %.3f < min-reward %.3f", value, minReward),
                  spend.promptTokens(),
                  spend.completionTokens(),
                  spend.costUsd(),
                  attempts,
                  (System.nanoTime() - began) / 1_000_000));
        });
  }

  /**
   * The request for the next user turn: the persona's instructions as the system message, then the
   * conversation with roles swapped, so that the model, answering as "assistant", speaks as the
   * user.
   */
  List<Message> userSide(String persona, List<Message> conversation) {
    List<Message> out = new ArrayList<>();
    out.add(Message.system(userTemplate.render(Map.of("persona", config.personas().get(persona)))));
    for (Message m : conversation) {
      switch (m.role()) {
        case "user" -> out.add(Message.assistant(m.content()));
        case "assistant" -> out.add(Message.user(m.content()));
        default -> {} // the prompt's own system message is for the assistant, not the user
      }
    }
    return out;
  }

  /** The user turn without the configured filler, whitespace tidied. */
  String strip(String text) {
    if (strip == null) {
      strip =
          config.strip().stream()
              .map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE))
              .toList();
    }
    String out = text.strip();
    for (Pattern p : strip) {
      out = p.matcher(out).replaceAll("");
    }
    out = out.replaceAll("[ \\t]{2,}", " ").strip();
    Matcher lower = Pattern.compile("^[a-z]").matcher(out);
    return lower.find() ? Character.toUpperCase(out.charAt(0)) + out.substring(1) : out;
  }

  private static CompletableFuture<Completion> call(ChatClient client, ChatRequest request) {
    try {
      return client.complete(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Sampling decoding(Sampling sampling, DialoguesConfig config) {
    return config.greedy() ? new Sampling(0.0, null, sampling.maxTokens(), null) : sampling;
  }
}
