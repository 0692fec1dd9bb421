package io.sparksdg.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A simulated instruct model: deterministic answers per request and choice index, free text or JSON
 * that follows the requested schema, in the OpenAI chat-completion shape.
 */
final class InstructModel {

  private static final int CANNED_ANSWERS = 8;

  private final long seed;
  private final double repeatRate;

  InstructModel(long seed, double repeatRate) {
    this.seed = seed;
    this.repeatRate = repeatRate;
  }

  /** The full chat-completion reply. */
  ObjectNode reply(SimRequest request, int attempt, long createdEpochSeconds) {
    ObjectNode reply = Json.object();
    reply.put("id", "chatcmpl-sim-" + Long.toHexString(Json.mix(request.contentSeed(), attempt)));
    reply.put("object", "chat.completion");
    reply.put("created", createdEpochSeconds);
    reply.put("model", "simulated/" + request.model());
    reply.put("system_fingerprint", "simulated");
    ArrayNode choices = reply.putArray("choices");
    int completionTokens = 0;
    for (int index = 0; index < request.n(); index++) {
      SplittableRandom random = new SplittableRandom(Json.mix(seed, request.contentSeed(), index));
      ObjectNode choice = choice(request, index, random);
      completionTokens += TextGen.tokens(choice.path("message").path("content").asText());
      completionTokens += TextGen.tokens(choice.path("message").path("reasoning_content").asText());
      choices.add(choice);
    }
    int promptTokens = request.promptTokens();
    ObjectNode usage = reply.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return reply;
  }

  private ObjectNode choice(SimRequest request, int index, SplittableRandom random) {
    JsonNode format = request.responseFormat();
    String type = format == null ? "text" : format.path("type").asText("text");
    String content;
    String finishReason = "stop";
    if (type.equals("json_schema") || type.equals("json_object")) {
      JsonNode schema = format.path("json_schema").path("schema");
      if (schema.isMissingNode()) {
        schema = format.path("schema"); // a form some servers accept
      }
      JsonNode value =
          schema.isObject()
              ? new SchemaFiller(schema, random, repeatRate, seed).fill()
              : Json.object().put("answer", TextGen.answer(request.lastUserText(), random));
      content = write(value);
    } else {
      content = freeText(request, random);
      Integer maxTokens = request.maxTokens();
      if (maxTokens != null && TextGen.tokens(content) > maxTokens) {
        content = TextGen.firstWords(content, (int) Math.max(1, Math.floor(maxTokens / 1.3)));
        finishReason = "length";
      }
    }
    ObjectNode choice = Json.object();
    choice.put("index", index);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    String reasoning = thinks(request, type) ? TextGen.reasoning(random) : null;
    if (reasoning != null && (Json.mix(request.contentSeed(), index) & 1) == 0) {
      message.put("content", content);
      message.put("reasoning_content", reasoning);
    } else if (reasoning != null) {
      message.put("content", "<think>\n" + reasoning + "\n</think>\n\n" + content);
    } else {
      message.put("content", content);
    }
    choice.put("finish_reason", finishReason);
    return choice;
  }

  /**
   * Whether the reply carries reasoning: the request asks for it, and wants an answer in free text
   * from an assistant (not a guard's or a judge's verdict, nor the user side of a dialogue). Half
   * of the replies, by a hash of the request, send it in {@code reasoning_content}, the others as a
   * leading {@code <think>} block, as the servers do.
   */
  private static boolean thinks(SimRequest request, String type) {
    return request.thinking()
        && type.equals("text")
        && !Roles.isGuard(request.model())
        && !GenRmModel.isGenRm(request)
        && !Roles.isPairwiseJudge(request.lastUserText())
        && !Roles.isUserSide(request.messages());
  }

  private String freeText(SimRequest request, SplittableRandom random) {
    String last = request.lastUserText();
    if (Roles.isGuard(request.model())) {
      return Roles.guard(request);
    }
    if (GenRmModel.isGenRm(request)) {
      return GenRmModel.answer(request);
    }
    if (Roles.isPairwiseJudge(last)) {
      return Roles.judge(last);
    }
    if (Roles.isUserSide(request.messages())) {
      return Roles.userTurn(request.messages(), random);
    }
    int described = last.indexOf(SCHEMA_IN_PROMPT);
    if (described >= 0) {
      // A client without structured output describes the schema in the prompt; answer as a
      // chatty model would: the JSON inside a fenced block, with a line of prose before it.
      JsonNode schema = readSchema(last.substring(described + SCHEMA_IN_PROMPT.length()));
      if (schema != null) {
        return "Here is the JSON you asked for.\n```json\n"
            + write(new SchemaFiller(schema, random, repeatRate, seed).fill())
            + "\n```";
      }
    }
    if (Roles.isKeywordClassifier(last)) {
      return Roles.classifyKeyword(last);
    }
    if (CodeAnswers.isTestWriter(last)) {
      return CodeAnswers.tests();
    }
    if (Roles.isMath(last)) {
      return Roles.math(last, random);
    }
    if (CodeAnswers.isCode(last)) {
      return CodeAnswers.answer(last, random);
    }
    Optional<String> language = Languages.requested(request.messages());
    if (language.isPresent()) {
      return Languages.answer(language.get(), random);
    }
    if (random.nextDouble() < repeatRate) {
      int canned = random.nextInt(CANNED_ANSWERS);
      String answer = TextGen.answer("", new SplittableRandom(Json.mix(seed, 0xCA77EDL, canned)));
      return TextGen.variant(answer, random.nextInt(5));
    }
    return TextGen.answer(request.lastUserText(), random);
  }

  /** What the job's HTTP client writes before a schema it describes in the prompt. */
  static final String SCHEMA_IN_PROMPT = "Reply with JSON only, matching this JSON schema: ";

  private static JsonNode readSchema(String text) {
    try {
      JsonNode schema = Json.MAPPER.readTree(text.strip());
      return schema != null && schema.isObject() ? schema : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String write(JsonNode value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a simulated JSON answer", e);
    }
  }
}
