package io.sparksdg.stages.prompts;

import io.sparksdg.model.ChatClient;
import io.sparksdg.records.Outcome;
import io.sparksdg.records.PromptRecord;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A family of synthetic prompts (open Q&A, writing, closed Q&A, math, ...): turns one {@link
 * FamilyRequest} into prompts with model calls. Every request ends in prompts or in one failure
 * naming {@link #requestId}, never in an exception.
 */
public interface PromptFamily extends Serializable {

  /** The family's name, written as {@code task} on its prompts. */
  String name();

  /** The request's deterministic id: a hash of everything that shapes the call. */
  String requestId(FamilyRequest request);

  /** The request's prompts, or one failure naming its id. */
  CompletableFuture<List<Outcome<PromptRecord>>> run(FamilyRequest request, ChatClient client);
}
