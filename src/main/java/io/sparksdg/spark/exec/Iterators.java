package io.sparksdg.spark.exec;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.TaskContext;

/** Lazy iterator plumbing for executor functions, which stream a partition through. */
final class Iterators {

  private Iterators() {}

  static <A, B> Iterator<B> map(Iterator<A> in, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }

  static <T> Iterator<T> flatten(Iterator<List<T>> lists) {
    return new Iterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && lists.hasNext()) {
          current = lists.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  static <T> Iterator<T> filter(Iterator<T> in, java.util.function.Predicate<T> keep) {
    return new Iterator<>() {
      private T next;
      private boolean ready;

      @Override
      public boolean hasNext() {
        while (!ready && in.hasNext()) {
          T candidate = in.next();
          if (keep.test(candidate)) {
            next = candidate;
            ready = true;
          }
        }
        return ready;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return next;
      }
    };
  }

  /** {@code in}, running {@code end} once when it is exhausted. */
  static <T> Iterator<T> onEnd(Iterator<T> in, Runnable end) {
    return new Iterator<>() {
      private boolean ended;

      @Override
      public boolean hasNext() {
        boolean more = in.hasNext();
        if (!more && !ended) {
          ended = true;
          end.run();
        }
        return more;
      }

      @Override
      public T next() {
        return in.next();
      }
    };
  }

  /** {@code in} until {@code stop} says so (checked before each element). */
  static <T> Iterator<T> until(Iterator<T> in, java.util.function.BooleanSupplier stop) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !stop.getAsBoolean() && in.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return in.next();
      }
    };
  }

  /**
   * Fails a task's first attempt after its first result when the chaos setting asks for it, so
   * tests can show that a retried task leaves no second copy of what the failed attempt wrote.
   */
  static <T> Iterator<T> failFirstAttemptWhenAsked(Iterator<T> rows, String property) {
    TaskContext task = TaskContext.get();
    boolean armed =
        task != null
            && task.attemptNumber() == 0
            && Boolean.parseBoolean(task.getLocalProperty(property));
    if (!armed) {
      return rows;
    }
    return new Iterator<>() {
      private int yielded;

      @Override
      public boolean hasNext() {
        if (yielded >= 1 && rows.hasNext()) {
          throw new IllegalStateException(
              "Injected failure of a task's first attempt (" + property + ")");
        }
        return rows.hasNext();
      }

      @Override
      public T next() {
        yielded++;
        return rows.next();
      }
    };
  }
}
