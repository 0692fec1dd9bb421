/**
 * OkHttp implementations of the model clients: one shared HTTP client and one concurrency limiter
 * per endpoint per JVM, our own retry loop (full-jitter back-off, {@code Retry-After} honoured),
 * the status mapping, the wire formats and per-endpoint counters. Only {@link
 * io.sparksdg.model.http.HttpModelClients} and {@link io.sparksdg.model.http.EndpointCounters} are
 * public.
 */
package io.sparksdg.model.http;
