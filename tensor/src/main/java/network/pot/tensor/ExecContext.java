package network.pot.tensor;

/**
 * What a forward or backward pass needs besides its inputs: the thread pool, whether this is
 * training (dropout active) and the global step (the counter that keys dropout masks).
 */
public record ExecContext(Parallel parallel, boolean training, long step) {}
