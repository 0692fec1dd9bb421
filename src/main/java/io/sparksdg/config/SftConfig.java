package io.sparksdg.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keys under {@code sft}: named blends of the {@code sft} table for staged SFT, each written as a
 * table of its own (for example a code-only stage, then a general blend with a little code).
 *
 * @param blends blend name (the table's name) to its definition; none by default
 */
public record SftConfig(Map<String, Blend> blends) implements Serializable {

  public static final SftConfig DEFAULT = new SftConfig(null);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Names a blend cannot take: the pipeline's own tables. */
  static final Set<String> RESERVED =
      Set.of(
          "topics",
          "prompts",
          "responses",
          "scores",
          "sft",
          "preferences",
          "failures",
          "dialogues",
          "judgements",
          "pair_candidates",
          "duplicates",
          "safety",
          "keywords",
          "mix_cuts",
          "exports",
          "target_rounds");

  public SftConfig {
    Map<String, Blend> copy = new LinkedHashMap<>();
    if (blends != null) {
      blends.forEach(
          (name, blend) -> {
            Checks.require(
                NAME.matcher(name).matches() && !RESERVED.contains(name),
                "sft.blends: '%s' cannot name a table; use lower case letters, digits and _,"
                    + " and not one of the pipeline's tables (%s)",
                name,
                String.join(", ", new java.util.TreeSet<>(RESERVED)));
            copy.put(name, blend == null ? Blend.ALL : blend);
          });
    }
    blends = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * One blend under {@code sft.blends.<name>}.
   *
   * @param families the task families ({@code sft.task} values, e.g. {@code python}, {@code
   *     open_qa}, {@code dialogue}) it takes rows from; empty for every family
   * @param caps the most share of the blend's rows a family may have, e.g. {@code {python: 0.02}};
   *     a capped family is cut to its share by a hash of the row id, the others are kept whole
   */
  public record Blend(List<String> families, Map<String, Double> caps) implements Serializable {

    public static final Blend ALL = new Blend(null, null);

    public Blend {
      families = families == null ? List.of() : List.copyOf(families);
      Map<String, Double> c = new LinkedHashMap<>();
      double sum = 0;
      if (caps != null) {
        for (Map.Entry<String, Double> e : caps.entrySet()) {
          Double share = e.getValue();
          Checks.require(
              share != null && share >= 0 && share < 1,
              "sft.blends caps.%s must be a share in [0, 1), got %s",
              e.getKey(),
              share);
          Checks.require(
              families.isEmpty() || families.contains(e.getKey()),
              "sft.blends caps names '%s', which is not in the blend's families %s: add it there"
                  + " or drop the cap",
              e.getKey(),
              families);
          c.put(e.getKey(), share);
          sum += share;
        }
      }
      Checks.require(
          sum < 1,
          "sft.blends caps add up to %s: the capped families' shares must leave room for the"
              + " others (sum below 1)",
          sum);
      caps = java.util.Collections.unmodifiableMap(c);
    }

    /** Whether rows of this family belong to the blend. */
    public boolean includes(String family) {
      return families.isEmpty() || families.contains(family);
    }
  }
}
