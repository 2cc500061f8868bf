package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.TestLedger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miner who fabricates its proof is caught by every committee member's watcher at once; the first
 * fraud proof in a block convicts it, and every other member's proof is then refused by every
 * proposer (nothing left to prove). Each member's verification votes were queued behind its proof,
 * on the next nonces. Before the fix a refused report took its sender's later transactions down
 * with it or left a hole in its nonces, so the members' votes on the honest miner of the same task
 * never reached a block and the task settled without a winner: a cheater could rob the honest miner
 * this way. Here a node's own report is refused by every proposer and the vote behind it must still
 * be included.
 */
@Tag("attack")
class VoteBehindRefusedReportAttackTest {
  private static final String CHAIN = "pot-vote-behind";

  @TempDir Path dir;

  @Test
  void aVoteQueuedBehindARefusedReportStillReachesABlock() throws Exception {
    KeyPair member = KeyPair.deterministic(CHAIN + "-member", 0);
    Address payee = Address.of(KeyPair.deterministic(CHAIN + "-payee", 0));
    TestLedger ledger =
        new TestLedger(
            CHAIN,
            FraudProofChecker.NONE,
            List.of(new Genesis.Allocation(Address.of(member), 1_000_000)),
            attempt -> {});
    LedgerApp app = ledger.app();
    ArtifactPeers peers = new ArtifactPeers(dir, CHAIN);
    try (peers;
        TxGateway gateway = new TxGateway(peers.start("member").p2p(), app.mempool(), app::state)) {
      app.addListener((b, r) -> gateway.committed(h -> app.chain().transaction(h) != null));
      long fee = Params.DEFAULT.minFee();
      // a report no proposer takes (here: about a task that does not exist), then what must land
      assertThat(
              gateway
                  .send(
                      member,
                      fee,
                      new Payload.FraudProof(
                          Hash.sha256(new byte[] {1}), payee, 0, Bytes.fromHex("01")))
                  .admitted())
          .isTrue();
      assertThat(gateway.send(member, fee, new Payload.Transfer(payee, 7)).admitted()).isTrue();

      int blocks = 0;
      while (app.state().account(payee).balance() == 0 && blocks < 3 * TxGateway.MAX_RESENDS) {
        Block proposed = Block.decode(app.proposePayload(app.state().height() + 1, null, null));
        ledger.finalize(proposed.transactions().toArray(SignedTransaction[]::new));
        blocks++;
      }
      assertThat(app.state().account(payee).balance())
          .as("the transfer queued behind a refused report, after %d blocks", blocks)
          .isEqualTo(7);
      assertThat(app.mempool().size()).as("nothing left waiting").isZero();
    }
  }
}
