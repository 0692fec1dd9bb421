package io.sparksdg.stages;

import io.sparksdg.config.PriceConfig;
import io.sparksdg.model.CallStats;
import io.sparksdg.model.ChatClient;
import io.sparksdg.model.ChatRequest;
import io.sparksdg.model.Completion;
import io.sparksdg.model.ErrorClass;
import io.sparksdg.model.Message;
import io.sparksdg.model.ModelCallException;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.RewardScores;
import io.sparksdg.model.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** In-memory model clients for stage tests. */
public final class FakeModels {

  private FakeModels() {}

  /**
   * A chat client answering with {@code answer(request)}; a null answer is a 400 rejection. Each
   * reply uses 10 prompt tokens and one completion token per character.
   */
  public static final class Chat implements ChatClient {
    public final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Function<ChatRequest, String> answer;
    private final PriceConfig price;

    public Chat(Function<ChatRequest, String> answer) {
      this(answer, PriceConfig.FREE);
    }

    /** A client of an endpoint with {@code price}. */
    public Chat(Function<ChatRequest, String> answer, PriceConfig price) {
      this.answer = answer;
      this.price = price;
    }

    @Override
    public PriceConfig price() {
      return price;
    }

    @Override
    public CompletableFuture<Completion> complete(ChatRequest request) {
      requests.add(request);
      String text = answer.apply(request);
      if (text == null) {
        return CompletableFuture.failedFuture(
            new ModelCallException(
                ErrorClass.REJECTED, 400, 1, "Endpoint 'fake' returned 400", null));
      }
      return CompletableFuture.completedFuture(
          new Completion(
              List.of(new Completion.Choice(text, "stop")),
              "fake-model",
              new Usage(10, text.length()),
              new CallStats(1, 3)));
    }
  }

  /**
   * A reward client whose helpfulness is the answer's length / 10, other attributes fixed; each
   * score uses {@link #USAGE}.
   */
  public static final class Reward implements RewardClient {
    public static final Usage USAGE = new Usage(40, 1);
    private final PriceConfig price;

    public Reward() {
      this(PriceConfig.FREE);
    }

    /** A client of an endpoint with {@code price}. */
    public Reward(PriceConfig price) {
      this.price = price;
    }

    @Override
    public PriceConfig price() {
      return price;
    }

    @Override
    public CompletableFuture<RewardScores> score(List<Message> conversation) {
      String answer = conversation.get(conversation.size() - 1).content();
      return CompletableFuture.completedFuture(
          new RewardScores(
              Map.of(
                  "helpfulness", answer.length() / 10.0,
                  "correctness", 3.0,
                  "coherence", 3.5,
                  "complexity", 1.0,
                  "verbosity", 1.0),
              "raw",
              "fake-reward",
              USAGE,
              new CallStats(2, 7)));
    }
  }
}
