/**
 * Collaborative training: many miners train one model in rounds, and every contribution is verified
 * bit for bit by the same exact sampled re-execution as a competitive task.
 *
 * <p>Round {@code r} starts from the global model {@code G_r} ({@link GlobalModel}, content
 * addressed). Each enrolled miner trains H steps from it on its own shard of the training split
 * ({@link Shards}) with keys bound to (task, miner, enrollment, round, {@code G_r}) ({@link
 * CollabSpec#roundBinding}) and commits its transcript root and update hash ({@link Contribution}).
 * {@link ContributionVerifier} accepts or rejects each contribution; {@link Aggregator} folds the
 * accepted ones, sorted by miner, into {@code G_{r+1}} with an outer optimizer ({@link
 * OuterOptimizer}); {@link network.pot.base.econ.RoundRewards} splits the round's share of the
 * escrow by verified steps. Nothing here does I/O or reads a clock except for the figures {@link
 * Simulation} reports; the chain's task kind reuses these pieces.
 */
package network.pot.proof.collab;
