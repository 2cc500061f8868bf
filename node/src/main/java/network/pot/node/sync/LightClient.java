package network.pot.node.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.merkle.MerkleProof;
import network.pot.chain.merkle.SparseMerkleTree;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.StateCodec;
import network.pot.chain.state.StateKey;
import network.pot.chain.store.ChainStore;
import network.pot.chain.sync.StateSnapshot;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.SyncResponse;
import network.pot.consensus.ValidatorSet;
import network.pot.consensus.Vote;
import network.pot.consensus.crypto.SignatureVerifier;
import network.pot.node.ledger.LedgerApp;

/**
 * Follows the validator set from genesis to a recent height without executing blocks, and checks a
 * state snapshot against it: what lets a node joining late trust a peer's snapshot.
 *
 * <p>Trust starts at the genesis set. The set of epoch {@code e + 1} is the ledger's active set
 * after block {@code (e + 1) * L} (L the epoch length), so the state root in the header of block
 * {@code (e + 1) * L + 1} commits to it, and that block is the first the new set signs. One step
 * takes that block with its certificate and the set with its Merkle proof against the header's
 * root, and accepts the set when:
 *
 * <ul>
 *   <li>the proof holds: the set is the state's entry under that root;
 *   <li>the certificate holds a quorum (more than 2/3 of the power) of the new set; and
 *   <li>its signers include more than 1/3 of the power of the set already trusted, so at least one
 *       validator that is honest by assumption vouches for the block, and with it for the root.
 * </ul>
 *
 * A chain whose set changes by more than 2/3 within one epoch cannot be followed this way; the node
 * then replays blocks instead. The last step is the snapshot's own: block {@code S + 1} (S a
 * multiple of L) commits the snapshot's root, and the snapshot's entries must make exactly that
 * root ({@link StateSnapshot#decode}).
 *
 * <p>Pure logic: the caller fetches the steps from peers and feeds them in order.
 */
public final class LightClient {
  /**
   * A step or snapshot that does not verify; the peer that served it lied or is on another chain.
   */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  /**
   * One epoch change: the first block the new set signs (with its certificate), and the new set
   * with its proof against the state root that block's header commits.
   */
  public record EpochStep(SyncResponse first, ActiveSet set, MerkleProof proof) {}

  private static final Hash SET_KEY_HASH = SparseMerkleTree.keyHash(StateKey.VALIDATOR_SET);

  private final String chainId;
  private final long epochLength;
  private final SignatureVerifier verifier;
  private final List<ChainStore.EpochSet> verified = new ArrayList<>();
  private ActiveSet trusted;
  private long epoch;

  /** Trusts the genesis validator set (epoch 0). */
  public LightClient(
      String chainId, long epochLength, ActiveSet genesisSet, SignatureVerifier verifier) {
    this.chainId = chainId;
    this.epochLength = epochLength;
    this.trusted = genesisSet;
    this.verifier = verifier;
  }

  /** The last epoch whose set is trusted. */
  public long epoch() {
    return epoch;
  }

  /** The trusted set of {@link #epoch()}. */
  public ActiveSet trusted() {
    return trusted;
  }

  /** The sets accepted so far (epoch 1 on), each at the height after which it was chosen. */
  public List<ChainStore.EpochSet> verified() {
    return List.copyOf(verified);
  }

  /** Accepts the next epoch's set. */
  public void advance(EpochStep step) throws Refused {
    Block header = check(step, epoch + 1);
    verified.add(new ChainStore.EpochSet(header.height() - 1, step.set(), step.proof()));
    trusted = step.set();
    epoch++;
  }

  /**
   * Checks a snapshot at height {@code S = (epoch() + 1) * L} against the chain: {@code next} is
   * block {@code S + 1} with its certificate (a step into the snapshot's epoch, whose set the
   * snapshot holds), and its header commits the snapshot's root and names {@code parent}'s block as
   * its parent. On success the snapshot's epoch is trusted.
   *
   * @param parent block {@code S} as consensus logged it (the node's log starts with it)
   */
  public void acceptSnapshot(StateSnapshot snapshot, SyncResponse parent, SyncResponse next)
      throws Refused {
    if (!snapshot.chainId().equals(chainId)) {
      throw new Refused("the snapshot is of chain " + snapshot.chainId() + ", not " + chainId);
    }
    if (snapshot.height() != (epoch + 1) * epochLength) {
      throw new Refused(
          "a snapshot at height "
              + snapshot.height()
              + " does not follow epoch "
              + epoch
              + " (expected height "
              + (epoch + 1) * epochLength
              + ")");
    }
    Block header =
        check(
            new EpochStep(
                next,
                snapshot.state().validatorSet(),
                snapshot.state().proof(StateKey.VALIDATOR_SET)),
            epoch + 1);
    if (!header.header().stateRoot().equals(snapshot.root())) {
      throw new Refused("block " + header.height() + " commits another state than the snapshot");
    }
    if (!header.header().previousHash().equals(snapshot.blockHash())) {
      throw new Refused("block " + header.height() + " follows another block than the snapshot's");
    }
    if (parent.block().height() != snapshot.height()
        || !parent.block().hash().equals(next.block().parent())) {
      throw new Refused("the parent block is not the one block " + header.height() + " follows");
    }
    Block p = chainBlock(parent);
    if (!p.hash().equals(snapshot.blockHash())) {
      throw new Refused("the parent block is not the snapshot's block");
    }
    trusted = snapshot.state().validatorSet();
    epoch++;
  }

  private Block check(EpochStep step, long newEpoch) throws Refused {
    long height = Math.multiplyExact(newEpoch, epochLength) + 1;
    SyncResponse s = step.first();
    if (s.block().height() != height) {
      throw new Refused("expected block " + height + ", got " + s.block().height());
    }
    Block b = chainBlock(s);
    if (b.height() != height || !b.header().chainId().equals(chainId)) {
      throw new Refused("block " + height + " is not of this chain at that height");
    }
    MerkleProof proof = step.proof();
    if (!proof.keyHash().equals(SET_KEY_HASH)
        || !StateCodec.hash(step.set()).equals(proof.provenValueHash())
        || !proof.verify(b.header().stateRoot())) {
      throw new Refused("the validator set of epoch " + newEpoch + " does not match its proof");
    }
    if (step.set().members().isEmpty()) {
      throw new Refused("the validator set of epoch " + newEpoch + " is empty");
    }
    ValidatorSet next = LedgerApp.consensusSet(step.set());
    CommitCertificate cert = s.certificate();
    CommitCertificate.Check c = cert.verify(chainId, height, s.block().hash(), next, verifier);
    if (c != CommitCertificate.Check.OK) {
      throw new Refused("the certificate of block " + height + " does not hold: " + c);
    }
    ValidatorSet old = LedgerApp.consensusSet(trusted);
    long vouching = 0;
    for (Vote v : cert.precommits()) {
      byte[] key = next.get(v.validator()).publicKey();
      for (int i = 0; i < old.size(); i++) {
        if (Arrays.equals(old.get(i).publicKey(), key)) {
          vouching = Math.addExact(vouching, old.power(i));
        }
      }
    }
    if (!old.exceedsOneThird(vouching)) {
      throw new Refused(
          "block "
              + height
              + " is signed by "
              + vouching
              + " of the trusted set's "
              + old.totalPower()
              + " power: no more than 1/3 vouches for the new set");
    }
    return b;
  }

  private static Block chainBlock(SyncResponse s) throws Refused {
    try {
      return Block.decode(s.block().payload());
    } catch (DecodeException e) {
      throw new Refused("block " + s.block().height() + " is not a chain block: " + e.getMessage());
    }
  }
}
