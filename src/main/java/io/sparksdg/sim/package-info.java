/**
 * A built-in model-server simulator: an HTTP/1.1 test double for NVIDIA NIM or vLLM that speaks the
 * OpenAI chat-completions format and the Nemotron-4-340B-Reward format, honours JSON-schema
 * structured output, and can be told to be slow or to fail in reproducible ways.
 *
 * <p>Besides plain answers it plays a few roles recognised from the request (see {@code Roles}): a
 * pairwise judge, the user side of a dialogue, a math solver, and a safety guard. A model whose
 * name contains "guard" or "content-safety" answers as a guard: it calls a prompt unsafe when a
 * user turn contains {@code UNSAFE-MARKER}, and a response to such a prompt unsafe when a hash of
 * its text is even; "content-safety" models answer NVIDIA's JSON, other guards Llama Guard's text.
 * A model whose name contains "genrm", shown two responses as {@code response_1} and {@code
 * response_2} messages, answers as a HelpSteer3 GenRM (see {@code GenRmModel}).
 *
 * <p>Everything it produces is marked as simulated. Start one with {@link
 * io.sparksdg.sim.Simulator#start}, or from the command line with {@link
 * io.sparksdg.sim.SimulatorMain}. It depends on nothing else in the project.
 */
package io.sparksdg.sim;
