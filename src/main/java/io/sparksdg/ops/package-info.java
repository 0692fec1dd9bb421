/**
 * Operating a run, in plain Java: the progress line, the cost of token usage per endpoint and
 * stage, and the plan of requests, tokens and cost a config will need. The Spark driver feeds these
 * with counts; nothing here imports Spark.
 */
package io.sparksdg.ops;
