package io.sparksdg.judge.code;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the sandbox isolates a run, found once per JVM and interpreter by trying the strongest first:
 *
 * <ul>
 *   <li>{@code namespaces}: {@code unshare} gives the run its own network namespace (a loopback
 *       that is down: no network), pid namespace (killing its first process ends every process it
 *       started) and mount namespace, where every mount but the scratch directory is read-only;
 *       when the job runs as root the code runs as an unprivileged uid of its own, so the process
 *       cap holds (non-root jobs use a user namespace instead);
 *   <li>{@code namespaces-as-root}: the same, but the code runs as root because the interpreter is
 *       not readable by other users, so only the timeout stops a fork bomb;
 *   <li>{@code plain}: no namespaces: limits, the timeout, the process-group kill and (as root) an
 *       unprivileged uid still hold; the network and the file system do not isolate.
 * </ul>
 *
 * Anything weaker than {@code namespaces} is logged once as a WARN naming what is missing; when not
 * even a plain run works (no such interpreter), an ERROR, and every verdict is {@code sandbox}.
 */
public record Isolation(
    String name, List<String> prefix, boolean lockdown, boolean dropUid, String missing) {

  /** The name of the isolation when none works: every run's verdict is {@code sandbox}. */
  public static final String UNAVAILABLE = "unavailable";

  private static final Logger LOG = LoggerFactory.getLogger(Isolation.class);
  private static final Map<String, Isolation> FOUND = new ConcurrentHashMap<>();
  private static final List<String> NAMESPACES =
      List.of("unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc");

  public Isolation {
    prefix = List.copyOf(prefix);
  }

  /** Whether a run happens in its own namespaces. */
  public boolean namespaced() {
    return !prefix.isEmpty();
  }

  /** The isolation for {@code python}: found once per JVM by running {@code works} on each. */
  static Isolation forPython(String python, Predicate<Isolation> works) {
    return FOUND.computeIfAbsent(python, p -> detect(p, works));
  }

  private static Isolation detect(String python, Predicate<Isolation> works) {
    for (Isolation candidate : candidates()) {
      if (works.test(candidate)) {
        if (candidate.missing() != null) {
          LOG.warn(
              "Code sandbox for '{}' runs with isolation '{}': {}",
              python,
              candidate.name(),
              candidate.missing());
        } else {
          LOG.info("Code sandbox for '{}' runs with isolation '{}'", python, candidate.name());
        }
        return candidate;
      }
    }
    String problem =
        "the code sandbox cannot start '"
            + python
            + "' even without isolation: set preferences.code-tests.python to a Python 3"
            + " interpreter";
    LOG.error("Every code-tests verdict of this JVM will be 'sandbox': {}", problem);
    return new Isolation(UNAVAILABLE, List.of(), false, false, problem);
  }

  private static List<Isolation> candidates() {
    boolean root = isRoot();
    List<Isolation> out = new ArrayList<>();
    if (root) {
      out.add(new Isolation("namespaces", NAMESPACES, true, true, null));
      out.add(
          new Isolation(
              "namespaces-as-root",
              NAMESPACES,
              true,
              false,
              "the interpreter is not readable by an unprivileged uid, so the code runs as root"
                  + " and the process cap does not hold (only the timeout stops a fork bomb);"
                  + " set preferences.code-tests.python to an interpreter every user can read,"
                  + " e.g. /usr/bin/python3"));
    } else {
      List<String> user = new ArrayList<>(List.of("unshare", "--user", "--map-root-user"));
      user.addAll(NAMESPACES.subList(1, NAMESPACES.size()));
      out.add(new Isolation("namespaces", user, true, false, null));
    }
    out.add(
        new Isolation(
            "plain",
            List.of(),
            false,
            root,
            "unshare is unavailable (namespaces not permitted here), so there is no network"
                + " isolation and writes outside the scratch directory are stopped only by file"
                + " permissions"
                + (root ? "" : " (the code runs as the job's own user)")));
    return out;
  }

  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
    return false;
  }
}
