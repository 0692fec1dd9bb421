package io.sparksdg.stages.curation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparksdg.model.Message;
import io.sparksdg.records.PreferenceRecord;
import io.sparksdg.records.SftRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSONL of the review loop: one object per exported item for annotators, and the verdicts they
 * send back.
 *
 * <p>An exported line holds {@code id}, {@code kind} ({@code pair} or {@code sft}), {@code family},
 * {@code judge}, {@code band}, {@code prompt} (messages), {@code chosen} and {@code rejected} or
 * {@code response}, {@code scores}, and three empty fields for the reviewer: {@code verdict}
 * ({@code keep}, {@code drop}, {@code swap}), {@code corrected_scores} (an object of the {@code
 * scores} keys to correct) and {@code note}. An annotated line needs only {@code id}, {@code kind}
 * and a verdict or corrected scores; lines with neither are unreviewed and skipped.
 */
public final class ReviewItems {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReviewItems() {}

  /** The score band of a value: {@code [2,3)}, by whole numbers. */
  public static String band(double value) {
    long lo = (long) Math.floor(value);
    return "[" + lo + "," + (lo + 1) + ")";
  }

  /** The exported line of a pair; its band is of the reward margin. */
  public static String pairLine(PreferenceRecord p, String family) {
    ObjectNode o =
        head(p.pairId(), ReviewVerdict.PAIR, family, p.judge(), "margin " + band(p.margin()));
    o.set("prompt", messages(p.prompt()));
    o.put("chosen", p.chosen());
    o.put("rejected", p.rejected());
    ObjectNode scores = o.putObject("scores");
    scores.put("chosen_reward", p.chosenReward());
    scores.put("rejected_reward", p.rejectedReward());
    scores.put("margin", p.margin());
    if (p.promptSafety() != null) {
      o.put("prompt_safety", p.promptSafety());
      o.put("chosen_safety", p.chosenSafety());
      o.put("rejected_safety", p.rejectedSafety());
    }
    return tail(o);
  }

  /** The exported line of an SFT row; its band is of the reward. */
  public static String sftLine(SftRecord s) {
    ObjectNode o =
        head(s.responseId(), ReviewVerdict.SFT, s.task(), s.judge(), "reward " + band(s.reward()));
    List<Message> conversation = s.messages();
    o.set("prompt", messages(conversation.subList(0, Math.max(0, conversation.size() - 1))));
    o.put(
        "response",
        conversation.isEmpty() ? "" : conversation.get(conversation.size() - 1).content());
    ObjectNode scores = o.putObject("scores");
    putNullable(scores, "helpfulness", s.helpfulness());
    putNullable(scores, "correctness", s.correctness());
    putNullable(scores, "coherence", s.coherence());
    putNullable(scores, "complexity", s.complexity());
    putNullable(scores, "verbosity", s.verbosity());
    scores.put("reward", s.reward());
    return tail(o);
  }

  /** Verdicts read from an annotated file, and the lines that had none. */
  public record Parsed(Map<String, ReviewVerdict> verdicts, int unreviewed) {}

  /**
   * Reads annotated lines; the last verdict for an id wins.
   *
   * @throws IllegalArgumentException naming the first bad line and what is wrong with it
   */
  public static Parsed parse(List<String> lines) {
    Map<String, ReviewVerdict> verdicts = new LinkedHashMap<>();
    int unreviewed = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        ReviewVerdict v = verdict(line);
        if (v == null) {
          unreviewed++;
        } else {
          verdicts.remove(key(v));
          verdicts.put(key(v), v);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new Parsed(verdicts, unreviewed);
  }

  /** The key a verdict is stored under: kind and id. */
  public static String key(ReviewVerdict v) {
    return v.kind() + ":" + v.id();
  }

  /** One stored verdict as a JSON line. */
  public static String line(ReviewVerdict v) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", v.id());
    o.put("kind", v.kind());
    o.put("verdict", v.verdict());
    if (!v.correctedScores().isEmpty()) {
      ObjectNode c = o.putObject("corrected_scores");
      v.correctedScores().forEach(c::put);
    }
    if (v.note() != null) {
      o.put("note", v.note());
    }
    return write(o);
  }

  /** A verdict from one line, or null when the line carries none. */
  static ReviewVerdict verdict(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String verdict = text(node.get("verdict"));
    JsonNode corrected = node.get("corrected_scores");
    boolean hasScores = corrected != null && !corrected.isNull() && !corrected.isEmpty();
    if (verdict == null && !hasScores) {
      return null;
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    if (hasScores) {
      if (!corrected.isObject()) {
        throw new IllegalArgumentException("\"corrected_scores\" must be an object of numbers");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = corrected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNumber()) {
          throw new IllegalArgumentException(
              "\"corrected_scores\"." + e.getKey() + " must be a number, got " + e.getValue());
        }
        scores.put(e.getKey(), e.getValue().asDouble());
      }
    }
    return new ReviewVerdict(
        text(node.get("id")),
        text(node.get("kind")),
        verdict == null ? ReviewVerdict.KEEP : verdict.toLowerCase(Locale.ROOT),
        scores,
        text(node.get("note")));
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String t = node.asText().strip();
    return t.isEmpty() ? null : t;
  }

  private static ObjectNode head(String id, String kind, String family, String judge, String band) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("kind", kind);
    o.put("family", family);
    o.put("judge", judge);
    o.put("band", band);
    return o;
  }

  private static String tail(ObjectNode o) {
    o.putNull("verdict");
    o.putNull("corrected_scores");
    o.putNull("note");
    return write(o);
  }

  private static ArrayNode messages(List<Message> messages) {
    ArrayNode a = JSON.createArrayNode();
    for (Message m : messages) {
      a.addObject().put("role", m.role()).put("content", m.content());
    }
    return a;
  }

  private static void putNullable(ObjectNode o, String key, Double value) {
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static String write(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a review line", e);
    }
  }

  /** Lines of a file, for callers holding text. */
  public static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\\R")));
  }
}
