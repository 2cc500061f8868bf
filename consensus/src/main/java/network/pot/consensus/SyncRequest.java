package network.pot.consensus;

/**
 * "Send me the committed block at {@code height} and its certificate" (a node that fell behind).
 */
public record SyncRequest(long height) implements ConsensusMessage {}
