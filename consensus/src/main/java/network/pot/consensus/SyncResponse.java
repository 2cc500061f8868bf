package network.pot.consensus;

/**
 * A committed block with the certificate that proves it final; the receiver checks the certificate
 * against the validator set and the block's validity before committing it.
 */
public record SyncResponse(ConsensusBlock block, CommitCertificate certificate)
    implements ConsensusMessage {
  @Override
  public long height() {
    return block.height();
  }
}
