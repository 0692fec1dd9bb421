/**
 * The run report: its figures as plain values ({@link io.sparksdg.report.RunReport}), their JSON
 * form ({@code report.json}) and one self-contained HTML page with inline SVG charts ({@code
 * index.html}). No Spark here: {@code io.sparksdg.spark.run.RunReports} computes the figures from a
 * run's tables and hands them over.
 */
package io.sparksdg.report;
