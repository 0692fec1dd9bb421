package io.sparksdg.records;

import java.io.Serializable;
import java.util.Locale;

/**
 * A row of the {@code topics} table.
 *
 * @param topicId deterministic id (of the normalized name)
 * @param name the topic as written
 * @param parentId the macro topic of a subtopic; null for a macro topic
 * @param model the model that wrote it
 * @param templateId the template that asked for it
 * @param templateVersion that template's version
 */
public record TopicRecord(
    String topicId,
    String name,
    String parentId,
    String model,
    String templateId,
    int templateVersion)
    implements Serializable {

  /** Template id of the topics a user lists in {@code prompts.topics-file}. */
  public static final String USER_TEMPLATE = "topics-file";

  /** The topic id of a name: names that differ only in case or spacing are one topic. */
  public static String idOf(String name) {
    return Ids.of("topic", name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
  }
}
