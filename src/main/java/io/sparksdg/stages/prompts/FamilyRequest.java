package io.sparksdg.stages.prompts;

import io.sparksdg.records.PromptRecord;
import io.sparksdg.records.TopicRecord;
import java.io.Serializable;

/**
 * One request of a prompt family: the input of one model call (or, for two-turn prompts, one short
 * chain of calls), named by a deterministic {@code workId}.
 *
 * @param workId the request's id ({@link PromptFamily#requestId}); null until assigned
 * @param topicId the macro or user-supplied topic the request descends from, or null
 * @param subtopicId the subtopic, or null
 * @param topic the topic's (or keyword's) text, or null
 * @param subjectId the id of what the request is about beyond its topic: a document id, or the
 *     parent prompt of a revision or two-turn prompt; or null
 * @param subject that subject's text: a document type, a document, a parent prompt; or null
 * @param level a stated level (math and Python), or null
 * @param parentTask the family of the parent prompt, for revisions; or null
 */
public record FamilyRequest(
    String workId,
    String topicId,
    String subtopicId,
    String topic,
    String subjectId,
    String subject,
    String level,
    String parentTask)
    implements Serializable {

  public FamilyRequest withWorkId(String id) {
    return new FamilyRequest(id, topicId, subtopicId, topic, subjectId, subject, level, parentTask);
  }

  /** A request about a topic row: a subtopic carries its macro topic as {@code topicId}. */
  public static FamilyRequest ofTopic(TopicRecord topic, String subject) {
    boolean sub = topic.parentId() != null;
    return new FamilyRequest(
        null,
        sub ? topic.parentId() : topic.topicId(),
        sub ? topic.topicId() : null,
        topic.name(),
        null,
        subject,
        null,
        null);
  }

  /** A request about an earlier prompt (its revision, or a second turn after it). */
  /** A request about one document of the closed Q&A corpus. */
  public static FamilyRequest ofDocument(String docId, String text) {
    return new FamilyRequest(null, null, null, null, docId, text, null, null);
  }

  public static FamilyRequest ofPrompt(PromptRecord prompt) {
    return new FamilyRequest(
        null,
        prompt.topicId(),
        prompt.subtopicId(),
        prompt.topic(),
        prompt.promptId(),
        prompt.messages().get(prompt.messages().size() - 1).content(),
        prompt.level(),
        prompt.task());
  }

  /** The leaf topic row the request is about: the subtopic if any, else the topic. */
  String leafTopicId() {
    return subtopicId != null ? subtopicId : topicId;
  }
}
