/**
 * The deterministic float32 training engine: tensors, layers with explicit backward passes, losses,
 * optimizers, data loaders and checkpoints. Every result is bit-exact across runs, thread counts
 * and CPUs; see {@link network.pot.tensor.Gemm} for the rules that make it so.
 */
package network.pot.tensor;
