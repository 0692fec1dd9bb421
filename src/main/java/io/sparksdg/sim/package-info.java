/**
 * A built-in model-server simulator: an HTTP/1.1 test double for NVIDIA NIM or vLLM that speaks the
 * OpenAI chat-completions format and the Nemotron-4-340B-Reward format, honours JSON-schema
 * structured output, and can be told to be slow or to fail in reproducible ways.
 *
 * <p>Everything it produces is marked as simulated. Start one with {@link
 * io.sparksdg.sim.Simulator#start}, or from the command line with {@link
 * io.sparksdg.sim.SimulatorMain}. It depends on nothing else in the project.
 */
package io.sparksdg.sim;
