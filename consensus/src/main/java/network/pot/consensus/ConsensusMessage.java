package network.pot.consensus;

/** Everything consensus nodes send each other. Encoded canonically by {@link MessageCodec}. */
public sealed interface ConsensusMessage permits Proposal, Vote, SyncRequest, SyncResponse {
  /** The height the message is about. */
  long height();
}
