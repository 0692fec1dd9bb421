package io.sparksdg.stages.curation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.config.ResponsesConfig;
import io.sparksdg.model.Message;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.SftRecord;
import io.sparksdg.stages.responses.GenerateResponsesStage;
import java.util.List;

/**
 * One JSON line per record in the formats trainers read:
 *
 * <ul>
 *   <li>NeMo-Aligner DPO/RPO: {@code prompt} rendered in the Nemotron chat format and ending with
 *       the assistant header, {@code chosen_response} and {@code rejected_response} each ending
 *       with the turn separator, and both rewards;
 *   <li>Hugging Face TRL, conversational: {@code prompt}, {@code chosen}, {@code rejected} as
 *       message lists;
 *   <li>SFT, OpenAI style: {@code messages}.
 * </ul>
 *
 * <p>Reasoning: a row asked in a reasoning mode has the mode's system prompt in its prompt (the
 * conversation as the generator saw it), and in the message-list formats every message carries a
 * {@code reasoning} field: the response's reasoning on the answer's message, null on the others and
 * where the model gave none. The field is on every message of every row when the run sets a
 * reasoning mode (so readers infer one schema, a struct of role, content and reasoning), and
 * otherwise only on the rows that have reasoning. The NeMo-Aligner format has no place for it: its
 * responses are the answers alone.
 */
public final class ExportFormats {

  static final String SYSTEM = "<extra_id_0>System\n";
  static final String TURN = "<extra_id_1>";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportFormats() {}

  /** A conversation in the Nemotron chat format, ending with the header of the next answer. */
  public static String nemotronPrompt(List<Message> messages) {
    StringBuilder out = new StringBuilder(SYSTEM);
    int start = 0;
    if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
      out.append(messages.get(0).content());
      start = 1;
    }
    out.append('\n');
    for (Message m : messages.subList(start, messages.size())) {
      out.append(TURN).append(m.role().equals("user") ? "User" : "Assistant").append('\n');
      out.append(m.content()).append('\n');
    }
    return out.append(TURN).append("Assistant\n").toString();
  }

  public static String nemoPreference(PreferenceRecord p) {
    return nemoPreference(p, ResponsesConfig.DEFAULT);
  }

  /**
   * @param responses the run's reasoning modes and their system prompts
   */
  public static String nemoPreference(PreferenceRecord p, ResponsesConfig responses) {
    ObjectNode row = JSON.createObjectNode();
    row.put("prompt", nemotronPrompt(asSent(responses, p.prompt(), p.reasoningMode())));
    row.put("chosen_response", p.chosen() + "\n" + TURN);
    row.put("rejected_response", p.rejected() + "\n" + TURN);
    row.put("chosen_reward", p.chosenReward());
    row.put("rejected_reward", p.rejectedReward());
    return write(row);
  }

  public static String trlPreference(PreferenceRecord p) {
    return trlPreference(p, ResponsesConfig.DEFAULT);
  }

  /**
   * @param responses the run's reasoning modes and their system prompts
   */
  public static String trlPreference(PreferenceRecord p, ResponsesConfig responses) {
    boolean field =
        responses.reasoningModes() || p.chosenReasoning() != null || p.rejectedReasoning() != null;
    ObjectNode row = JSON.createObjectNode();
    messages(row.putArray("prompt"), asSent(responses, p.prompt(), p.reasoningMode()), field, null);
    messages(
        row.putArray("chosen"), List.of(Message.assistant(p.chosen())), field, p.chosenReasoning());
    messages(
        row.putArray("rejected"),
        List.of(Message.assistant(p.rejected())),
        field,
        p.rejectedReasoning());
    return write(row);
  }

  public static String sftMessages(List<Message> conversation) {
    ObjectNode row = JSON.createObjectNode();
    messages(row.putArray("messages"), conversation, false, null);
    return write(row);
  }

  /**
   * @param responses the run's reasoning modes and their system prompts
   */
  public static String sftMessages(SftRecord s, ResponsesConfig responses) {
    boolean field = responses.reasoningModes() || s.reasoning() != null;
    ObjectNode row = JSON.createObjectNode();
    messages(
        row.putArray("messages"),
        asSent(responses, s.messages(), s.reasoningMode()),
        field,
        s.reasoning());
    return write(row);
  }

  private static List<Message> asSent(
      ResponsesConfig responses, List<Message> messages, String mode) {
    return GenerateResponsesStage.withReasoningPrompt(responses, messages, mode);
  }

  /**
   * @param field whether every message carries {@code reasoning} (one schema for every message,
   *     which {@code datasets} reads as a struct)
   * @param reasoning the last assistant message's reasoning, or null
   */
  private static void messages(
      ArrayNode array, List<Message> messages, boolean field, String reasoning) {
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).role().equals("assistant")) {
        last = i;
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      ObjectNode node = array.addObject().put("role", m.role()).put("content", m.content());
      if (field) {
        node.put("reasoning", i == last ? reasoning : null);
      }
    }
  }

  private static String write(ObjectNode row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an export row", e);
    }
  }
}
