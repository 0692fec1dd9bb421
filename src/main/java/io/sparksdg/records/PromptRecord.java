package io.sparksdg.records;

import io.sparksdg.model.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A row of the {@code prompts} table: the conversation to answer and where it came from.
 *
 * @param promptId deterministic id
 * @param sourceId the id the prompt had in an imported file; null for synthetic prompts
 * @param task the task family ({@code open_qa}, ...; {@code imported} for imported prompts)
 * @param messages the prompt as chat messages, ending with the user turn to answer
 * @param topic the topic it was written about, or null
 * @param parentId the topic (or other parent) row it came from, or null
 * @param templateId the template that asked for it, or null
 * @param templateVersion that template's version, or 0
 * @param model the model that wrote it, or null for imported prompts
 * @param answerKey the reference final answer (math with an answer key), or null
 * @param instructions verifiable instructions the answer must follow, as {@code [{id, params}]}
 *     JSON ({@code InstructionRegistry.toJson}), or null
 * @param sampling the generator's sampling parameters as canonical text ({@code t=..,p=..,max=..}),
 *     or null for imported prompts
 * @param seed the seed sent with the request that wrote it, or null
 * @param topicId the macro topic (or user-supplied topic) it descends from, or null
 * @param subtopicId the subtopic it was written about, or null
 * @param documentId the source document of a closed Q&A prompt, or null
 * @param level the stated level of a math or Python problem, or null
 * @param instructions the verifiable instructions in the prompt as a JSON list of {@code {id,
 *     params}} (see {@code InstructionRegistry.listFromJson}), or null
 */
public record PromptRecord(
    String promptId,
    String sourceId,
    String task,
    List<Message> messages,
    String topic,
    String parentId,
    String templateId,
    int templateVersion,
    String model,
    String answerKey,
    String sampling,
    Long seed,
    String topicId,
    String subtopicId,
    String documentId,
    String level,
    String instructions)
    implements Serializable {

  public PromptRecord {
    messages = List.copyOf(messages);
  }

  /**
   * A prompt of one user turn without generation lineage (imported, or written by hand).
   *
   * @param answerKey the math answer key, or null
   * @param instructions verifiable instructions as JSON, or null
   */
  public static PromptRecord userTurn(
      String promptId,
      String sourceId,
      String task,
      String text,
      String answerKey,
      String instructions) {
    return new PromptRecord(
        promptId,
        sourceId,
        task,
        List.of(Message.user(text)),
        null,
        null,
        null,
        0,
        null,
        answerKey,
        null,
        null,
        null,
        null,
        null,
        null,
        instructions);
  }
}
