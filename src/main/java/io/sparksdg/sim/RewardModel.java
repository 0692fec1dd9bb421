package io.sparksdg.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A simulated Nemotron-4-340B-Reward: five HelpSteer2 attribute scores that are a deterministic
 * function of the judged conversation, in the reply shape a NIM uses (scores as fake logprobs, the
 * message as a one-element list, finish reason "length"); or the one-number "reward:<float>"
 * variant.
 *
 * <p>Longer, more detailed answers tend to score higher on helpfulness and verbosity; complexity is
 * mostly low; a hash of the conversation adds noise so different answers score differently.
 */
final class RewardModel {

  static final List<String> ATTRIBUTES =
      List.of("helpfulness", "correctness", "coherence", "complexity", "verbosity");

  private static final double[] WEIGHTS = {0.3, 0.74, 0.46, 0.47, -0.33};

  private RewardModel() {}

  /** Scores in {@link #ATTRIBUTES} order, each in 0..4 and a multiple of 1/128. */
  static double[] scores(SimRequest request) {
    String judged = "";
    for (int i = request.messages().size() - 1; i >= 0; i--) {
      if ("assistant".equals(request.messages().get(i).role())) {
        judged = request.messages().get(i).content();
        break;
      }
    }
    SplittableRandom random =
        new SplittableRandom(Json.seedOf(HexFormat.of().parseHex(request.messagesHash())));
    double words = TextGen.wordCount(judged);
    double detail = Math.min(1.0, Math.log1p(words) / Math.log(300));
    double helpfulness = 0.6 + 3.0 * detail + 0.45 * random.nextGaussian();
    double correctness = 0.5 + 0.85 * helpfulness + 0.35 * random.nextGaussian();
    double coherence = 2.9 + 0.9 * detail + 0.35 * random.nextGaussian();
    double complexity =
        0.2 + 0.9 * detail + 2.0 * Math.pow(random.nextDouble(), 4) + 0.2 * random.nextGaussian();
    double verbosity = 0.1 + 3.4 * Math.pow(detail, 1.5) + 0.3 * random.nextGaussian();
    return new double[] {
      quantize(helpfulness),
      quantize(correctness),
      quantize(coherence),
      quantize(complexity),
      quantize(verbosity)
    };
  }

  /** The model card's weighted reward of the five attributes. */
  static double weighted(double[] scores) {
    double sum = 0;
    for (int i = 0; i < WEIGHTS.length; i++) {
      sum += WEIGHTS[i] * scores[i];
    }
    return sum;
  }

  /** The Nemotron-4-340B-Reward reply as a NIM sends it. */
  static ObjectNode reply(SimRequest request, int attempt) {
    double[] scores = scores(request);
    ObjectNode reply = Json.object();
    reply.put("id", id(request, attempt));
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "length");
    ArrayNode logprobs = choice.putObject("logprobs").putArray("content");
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < ATTRIBUTES.size(); i++) {
      ObjectNode item = logprobs.addObject();
      item.put("token", ATTRIBUTES.get(i));
      item.put("logprob", scores[i]);
      item.putNull("bytes");
      item.putArray("top_logprobs");
      content.append(i == 0 ? "" : ",").append(ATTRIBUTES.get(i)).append(':').append(scores[i]);
    }
    ObjectNode message = choice.putArray("message").addObject();
    message.put("role", "assistant");
    message.put("content", content.toString());
    usage(reply, request);
    return reply;
  }

  /** The one-number variant: message content "reward:<float>", no logprobs. */
  static ObjectNode scalarReply(SimRequest request, int attempt, long createdEpochSeconds) {
    double reward = quantize(weighted(scores(request)), -10, 10);
    ObjectNode reply = Json.object();
    reply.put("id", id(request, attempt));
    reply.put("object", "chat.completion");
    reply.put("created", createdEpochSeconds);
    reply.put("model", "simulated/" + request.model());
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "length");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", "reward:" + reward);
    usage(reply, request);
    return reply;
  }

  private static void usage(ObjectNode reply, SimRequest request) {
    int promptTokens = request.promptTokens();
    ObjectNode usage = reply.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", 1);
    usage.put("total_tokens", promptTokens + 1);
  }

  private static String id(SimRequest request, int attempt) {
    long mixed = Json.mix(request.contentSeed(), attempt);
    return new UUID(mixed, Json.mix(mixed, 0x5EEDL)).toString();
  }

  private static double quantize(double value) {
    return quantize(value, 0, 4);
  }

  private static double quantize(double value, double lo, double hi) {
    return Math.round(Math.max(lo, Math.min(hi, value)) * 128) / 128.0;
  }
}
