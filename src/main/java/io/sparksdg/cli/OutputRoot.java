package io.sparksdg.cli;

import io.sparksdg.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before anything starts, that a local output root can be a folder. */
final class OutputRoot {

  private OutputRoot() {}

  /**
   * Refuses a local output root that is a file, or lies under one; roots on other filesystems
   * (HDFS, S3, ...) are left to Hadoop.
   *
   * @param option where the root came from, for the message ({@code --out} or {@code output.root})
   * @throws ConfigException naming the path and what to do
   */
  static void check(String root, String option) {
    Path path = local(root);
    if (path == null) {
      return;
    }
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new ConfigException(
            String.format(
                "%s %s %s a file, not a folder: pass a folder for the output root (it is created"
                    + " if missing), e.g. %s %s",
                option,
                root,
                p.equals(path.toAbsolutePath()) ? "is" : "lies under " + p + ", which is",
                option,
                suggestion(root)));
      }
    }
  }

  private static String suggestion(String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    int dot = r.lastIndexOf('.');
    return (dot > r.lastIndexOf('/') + 1 ? r.substring(0, dot) : r + "-out") + "/";
  }

  /** The local path of a root without a scheme or with {@code file:}; null for other schemes. */
  private static Path local(String root) {
    if (root.startsWith("file:")) {
      return Path.of(URI.create(root));
    }
    return root.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") ? null : Path.of(root);
  }
}
