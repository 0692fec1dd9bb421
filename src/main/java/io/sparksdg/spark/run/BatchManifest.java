package io.sparksdg.spark.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksdg.spark.exec.BatchCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The durable state of a batch-mode step, under {@code _staging/<step>/batches/state/}: one small
 * JSON file per batch, a new numbered version each time the batch moves on (its input file written,
 * uploaded, created, polled to its end, its results downloaded), written whole and renamed into
 * place, and a {@code r<round>.ready} marker once every batch of a round is recorded. A driver that
 * dies and runs again reads the newest version of each batch and carries on from there: it polls
 * the batches it created and never uploads a recorded file again.
 */
final class BatchManifest {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v(\\d+)\\.json");

  /**
   * One batch: the lines of one endpoint in one partition of one round.
   *
   * @param input the request file (JSONL), whose {@code custom_id}s are {@code ids}
   * @param costUsd what its lines are expected to cost at the batch price
   * @param fileId the uploaded input file, null before the upload
   * @param batchId the batch, null before it is created
   * @param status the batch's last polled status, null before it is created
   * @param output the downloaded output file, null before the batch ended
   * @param errors the downloaded error file, null when it has none
   */
  record Entry(
      String step,
      String endpoint,
      int round,
      int partition,
      String input,
      List<String> ids,
      double costUsd,
      String fileId,
      String batchId,
      String status,
      String output,
      String errors,
      String problem,
      int version) {

    String name() {
      return String.format(Locale.ROOT, "r%03d-%s-p%05d", round, endpoint, partition);
    }

    boolean ended() {
      return status != null
          && switch (status) {
            case "completed", "failed", "expired", "cancelled" -> true;
            default -> false;
          };
    }

    boolean downloaded() {
      return ended() && output != null;
    }

    Entry uploaded(String id) {
      return new Entry(
          step,
          endpoint,
          round,
          partition,
          input,
          ids,
          costUsd,
          id,
          batchId,
          status,
          output,
          errors,
          problem,
          version + 1);
    }

    Entry created(String id, String newStatus) {
      return new Entry(
          step,
          endpoint,
          round,
          partition,
          input,
          ids,
          costUsd,
          fileId,
          id,
          newStatus,
          output,
          errors,
          problem,
          version + 1);
    }

    Entry polled(String newStatus, String newProblem) {
      return new Entry(
          step,
          endpoint,
          round,
          partition,
          input,
          ids,
          costUsd,
          fileId,
          batchId,
          newStatus,
          output,
          errors,
          newProblem,
          version + 1);
    }

    Entry fetched(String outputPath, String errorsPath) {
      return new Entry(
          step,
          endpoint,
          round,
          partition,
          input,
          ids,
          costUsd,
          fileId,
          batchId,
          status,
          outputPath,
          errorsPath,
          problem,
          version + 1);
    }
  }

  private final Path dir;
  private final Configuration hadoop;
  private final Map<String, Entry> entries = new HashMap<>();

  private BatchManifest(Path dir, Configuration hadoop) {
    this.dir = dir;
    this.hadoop = hadoop;
  }

  /**
   * The state under {@code dir}: each batch's newest version, in rounds that were recorded whole.
   */
  static BatchManifest load(Path dir, Configuration hadoop) {
    BatchManifest m = new BatchManifest(dir, hadoop);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return m;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        Matcher v = VERSIONED.matcher(s.getPath().getName());
        if (!v.matches()) {
          continue;
        }
        Entry e;
        try (InputStream in = fs.open(s.getPath())) {
          e = JSON.readValue(in, Entry.class);
        }
        Entry known = m.entries.get(e.name());
        if (known == null || known.version() < e.version()) {
          m.entries.put(e.name(), e);
        }
      }
      m.entries.values().removeIf(e -> !m.ready(e.round()));
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the batch state in " + dir + ": " + e, e);
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The newest round recorded. */
  int lastRound() {
    return entries.values().stream().mapToInt(Entry::round).max().orElse(-1);
  }

  /** The batches of a round, by endpoint and partition. */
  List<Entry> round(int round) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.round() == round) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** Records a batch's new version; returns it. */
  Entry save(Entry e) {
    String name = String.format(Locale.ROOT, "%s.v%04d.json", e.name(), e.version());
    try {
      BatchCalls.write(new Path(dir, name), JSON.writeValueAsString(e), hadoop);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot record batch " + e.name() + ": " + ex, ex);
    }
    entries.put(e.name(), e);
    return e;
  }

  /** Marks a round as recorded whole: its batches may now be uploaded. */
  void ready(int round, List<Entry> batches) {
    batches.forEach(this::save);
    BatchCalls.write(new Path(dir, marker(round)), "", hadoop);
  }

  private boolean ready(int round) {
    try {
      return dir.getFileSystem(hadoop).exists(new Path(dir, marker(round)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the batch state in " + dir + ": " + e, e);
    }
  }

  private static String marker(int round) {
    return String.format(Locale.ROOT, "r%03d.ready", round);
  }

  /**
   * Moves the batches of a finished step aside (their folder to {@code batches-done-<millis>} next
   * to it), so that a later run sends what is still missing as new batches.
   */
  void finish() {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      Path batches = dir.getParent();
      if (fs.exists(batches)) {
        Path done =
            new Path(
                batches.getParent(), batches.getName() + "-done-" + System.currentTimeMillis());
        if (!fs.rename(batches, done)) {
          throw new IOException("rename to " + done + " failed");
        }
      }
      entries.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the batch state in " + dir + ": " + e, e);
    }
  }
}
