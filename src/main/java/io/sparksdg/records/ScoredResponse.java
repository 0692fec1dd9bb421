package io.sparksdg.records;

import java.io.Serializable;

/** A response joined with its prompt and score: the input of filtering and pairing. */
public record ScoredResponse(PromptRecord prompt, ResponseRecord response, ScoreRecord score)
    implements Serializable {}
