package io.sparksdg.stages;

import io.sparksdg.records.Outcome;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Maps an iterator through asynchronous calls, keeping up to {@code lookahead} calls outstanding
 * and yielding results as they complete, not in input order, so one slow request never holds up the
 * rest of a partition.
 *
 * <p>The call function may block (the endpoint's shared limiter does, when the endpoint is at its
 * budget); its futures must not fail: map errors to a value (an {@link Outcome}) first.
 */
public final class InFlight<I, O> implements Iterator<O> {

  private final Iterator<I> input;
  private final Function<I, CompletableFuture<O>> call;
  private final int lookahead;
  private final LinkedBlockingQueue<CompletableFuture<O>> done = new LinkedBlockingQueue<>();
  private int outstanding;

  private InFlight(Iterator<I> input, Function<I, CompletableFuture<O>> call, int lookahead) {
    if (lookahead < 1) {
      throw new IllegalArgumentException("lookahead must be at least 1, got " + lookahead);
    }
    this.input = input;
    this.call = call;
    this.lookahead = lookahead;
  }

  public static <I, O> Iterator<O> map(
      Iterator<I> input, Function<I, CompletableFuture<O>> call, int lookahead) {
    return new InFlight<>(input, call, lookahead);
  }

  @Override
  public boolean hasNext() {
    fill();
    return outstanding > 0;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      CompletableFuture<O> result = done.take();
      outstanding--;
      return result.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for model calls", e);
    }
  }

  private void fill() {
    // Top up only while no finished result is waiting, so results flow out as soon as they land.
    while (outstanding < lookahead && input.hasNext() && done.isEmpty()) {
      CompletableFuture<O> future = call.apply(input.next());
      outstanding++;
      // A failed future (a breach of the contract above) is rethrown by next(), never lost.
      future.whenComplete((value, error) -> done.add(future));
    }
  }
}
