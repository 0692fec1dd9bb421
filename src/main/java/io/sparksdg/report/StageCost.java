package io.sparksdg.report;

/** Tokens and cost of one stage, from {@code _metrics.json}'s {@code stages}; cost may be null. */
public record StageCost(String stage, long promptTokens, long completionTokens, Double costUsd) {}
