package io.sparksdg.stages.curation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.model.Message;
import io.sparksdg.records.PreferenceRecord;
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
    ObjectNode row = JSON.createObjectNode();
    row.put("prompt", nemotronPrompt(p.prompt()));
    row.put("chosen_response", p.chosen() + "\n" + TURN);
    row.put("rejected_response", p.rejected() + "\n" + TURN);
    row.put("chosen_reward", p.chosenReward());
    row.put("rejected_reward", p.rejectedReward());
    return write(row);
  }

  public static String trlPreference(PreferenceRecord p) {
    ObjectNode row = JSON.createObjectNode();
    messages(row.putArray("prompt"), p.prompt());
    messages(row.putArray("chosen"), List.of(Message.assistant(p.chosen())));
    messages(row.putArray("rejected"), List.of(Message.assistant(p.rejected())));
    return write(row);
  }

  public static String sftMessages(List<Message> conversation) {
    ObjectNode row = JSON.createObjectNode();
    messages(row.putArray("messages"), conversation);
    return write(row);
  }

  private static void messages(ArrayNode array, List<Message> messages) {
    for (Message m : messages) {
      array.addObject().put("role", m.role()).put("content", m.content());
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
