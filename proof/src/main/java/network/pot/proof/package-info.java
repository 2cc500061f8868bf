/**
 * Proof of training: the task a publisher posts, the binding that ties a miner's run to its
 * enrollment, the prover's Merkle-committed transcript of checkpoints, the challenge that samples
 * it, and the verifier that re-executes sampled segments bit for bit. No blockchain types: ids,
 * addresses and block hashes are byte strings. The protocol is specified in {@code
 * docs/proof-of-training.md}.
 */
package network.pot.proof;
