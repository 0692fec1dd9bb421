package io.sparksdg.records;

import java.io.Serializable;

/**
 * A row of the {@code keywords} table: the generator's yes/no verdict on whether an entity is a
 * keyword of a family (math, Python). Only "yes" keywords get problems; the "no" ones stay here so
 * the user can see what was dropped.
 *
 * @param keywordId deterministic id of the classification (family, template, model, keyword)
 * @param keyword the entity as listed
 * @param family the family asked about ({@code math}, {@code python})
 * @param verdict {@code yes} or {@code no}
 * @param model the model that answered
 * @param templateId the classifier template
 * @param templateVersion its version
 * @param seed the seed sent
 * @param raw the model's reply as written
 */
public record KeywordRecord(
    String keywordId,
    String keyword,
    String family,
    String verdict,
    String model,
    String templateId,
    int templateVersion,
    long seed,
    String raw)
    implements Serializable {

  /** The verdicts: the keyword belongs to the family, or not. */
  public static final String YES = "yes";

  public static final String NO = "no";

  public boolean kept() {
    return YES.equals(verdict);
  }
}
