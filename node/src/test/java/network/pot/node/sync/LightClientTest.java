package network.pot.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.merkle.MerkleProof;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateKey;
import network.pot.chain.sync.StateSnapshot;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.SyncResponse;
import network.pot.consensus.ValidatorSet;
import network.pot.consensus.Vote;
import network.pot.consensus.VoteType;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.node.ledger.LedgerApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The light client that state sync trusts, with real Ed25519 certificates and real state proofs: an
 * honest change of validators is followed, and each way a peer could make a joining node trust the
 * wrong set or the wrong state is refused.
 */
@Tag("attack")
class LightClientTest {
  static final String CHAIN = "light";
  static final long L = 10;

  static KeyPair key(int i) {
    return KeyPair.deterministic("light-validator", i);
  }

  /** An active set of the given keys, each with the given power, sorted by address. */
  static ActiveSet set(List<Integer> keys, long power) {
    List<ActiveSet.Member> m = new ArrayList<>();
    for (int i : keys) {
      m.add(new ActiveSet.Member(Address.of(key(i)), key(i).publicKey(), power));
    }
    m.sort(Comparator.comparing(ActiveSet.Member::address));
    return new ActiveSet(m);
  }

  static final Genesis GENESIS =
      new Genesis(
          CHAIN,
          0,
          List.of(new Genesis.Allocation(Address.of(key(0)), 1_000_000)),
          List.of(
              new Genesis.InitialValidator(key(0).publicKey(), 100, 0, Hash.ZERO),
              new Genesis.InitialValidator(key(1).publicKey(), 100, 0, Hash.ZERO),
              new Genesis.InitialValidator(key(2).publicKey(), 100, 0, Hash.ZERO),
              new Genesis.InitialValidator(key(3).publicKey(), 100, 0, Hash.ZERO)),
          Params.DEFAULT);

  /** The state after block {@code height} with {@code set} as its validator set. */
  static LedgerState stateAt(long height, ActiveSet set) {
    LedgerState g = GENESIS.state();
    return g.with(
        Map.of(
            StateKey.VALIDATOR_SET,
            set,
            StateKey.GLOBALS,
            g.globals().withBlock(height, Hash.sha256(Bytes.fromHex("0a").toArray()), 0)));
  }

  /** Block {@code height} committing {@code root}, certified by {@code signers} of {@code set}. */
  static SyncResponse block(
      long height,
      Hash previous,
      Hash root,
      Hash consensusParent,
      ActiveSet set,
      List<Integer> signers) {
    Block b =
        Block.build(
            CHAIN, height, 0, previous, root, Address.of(key(0)), Hash.ZERO, List.of(), List.of());
    ConsensusBlock cb = new ConsensusBlock(height, consensusParent, null, List.of(), b.encode());
    ValidatorSet vs = LedgerApp.consensusSet(set);
    List<Vote> votes = new ArrayList<>();
    for (int i : signers) {
      int index = vs.indexOf(key(i).publicKey().toArray());
      votes.add(
          Vote.sign(
              CHAIN,
              Ed25519Keys.fromSeed(key(i).exportSeed()),
              VoteType.PRECOMMIT,
              height,
              0,
              cb.hash(),
              index));
    }
    return new SyncResponse(cb, new CommitCertificate(height, 0, cb.hash(), votes));
  }

  static LightClient.EpochStep step(long epoch, ActiveSet set, List<Integer> signers) {
    LedgerState s = stateAt(epoch * L, set);
    return new LightClient.EpochStep(
        block(epoch * L + 1, Hash.ZERO, s.root(), Hash.ZERO, set, signers),
        set,
        s.proof(StateKey.VALIDATOR_SET));
  }

  static LightClient client() {
    return new LightClient(CHAIN, L, GENESIS.state().validatorSet(), Ed25519Keys.verifier());
  }

  @Test
  void followsAnHonestChangeOfValidators() throws Exception {
    LightClient c = client();
    // epoch 1: validator 3 left, 4 joined; three of the four genesis members sign
    ActiveSet one = set(List.of(0, 1, 2, 4), 100);
    c.advance(step(1, one, List.of(0, 1, 2)));
    // epoch 2: 0 and 1 left, 5 and 6 joined; 2 and 4 (half the trusted power) vouch
    ActiveSet two = set(List.of(2, 4, 5, 6), 100);
    c.advance(step(2, two, List.of(2, 4, 5)));
    assertThat(c.epoch()).isEqualTo(2);
    assertThat(c.trusted()).isEqualTo(two);
    assertThat(c.verified()).extracting(e -> e.height()).containsExactly(10L, 20L);
  }

  @Test
  void aSetThatIsNotTheStatesEntryIsRefused() {
    LightClient c = client();
    LightClient.EpochStep honest = step(1, set(List.of(0, 1, 2, 3), 100), List.of(0, 1, 2));
    // the peer claims attacker keys 7, 8, 9 are the new set, with the honest proof
    ActiveSet forged = set(List.of(7, 8, 9), 100);
    LightClient.EpochStep lie = new LightClient.EpochStep(honest.first(), forged, honest.proof());
    assertThatThrownBy(() -> c.advance(lie))
        .isInstanceOf(LightClient.Refused.class)
        .hasMessageContaining("does not match its proof");
    assertThat(c.epoch()).isZero();
  }

  @Test
  void aChainMadeUpByOutsidersIsRefused() {
    LightClient c = client();
    // a whole fake epoch: a state naming attacker keys, a block committing it, signed by them,
    // joined by one genesis member (1/4 of the trusted power) that went rogue
    ActiveSet forged = set(List.of(3, 7, 8, 9), 100);
    assertThatThrownBy(() -> c.advance(step(1, forged, List.of(3, 7, 8, 9))))
        .isInstanceOf(LightClient.Refused.class)
        .hasMessageContaining("no more than 1/3 vouches");
  }

  @Test
  void aCertificateWithoutAQuorumOfTheNewSetIsRefused() {
    LightClient c = client();
    ActiveSet one = set(List.of(0, 1, 2, 3), 100);
    assertThatThrownBy(() -> c.advance(step(1, one, List.of(0, 1))))
        .isInstanceOf(LightClient.Refused.class)
        .hasMessageContaining("INSUFFICIENT_POWER");
  }

  @Test
  void aStepForAnotherEpochIsRefused() {
    LightClient c = client();
    assertThatThrownBy(() -> c.advance(step(2, set(List.of(0, 1, 2, 3), 100), List.of(0, 1, 2))))
        .isInstanceOf(LightClient.Refused.class)
        .hasMessageContaining("expected block 11");
  }

  private static SyncResponse[] around(StateSnapshot s, Hash nextRoot, ActiveSet signersSet) {
    SyncResponse parent =
        block(s.height(), Hash.ZERO, Hash.ZERO, Hash.ZERO, signersSet, List.of(0, 1, 2));
    Hash chainHash;
    try {
      chainHash = Block.decode(parent.block().payload()).hash();
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
    SyncResponse next =
        block(
            s.height() + 1,
            chainHash,
            nextRoot,
            parent.block().hash(),
            signersSet,
            List.of(0, 1, 2));
    return new SyncResponse[] {parent, next};
  }

  private static StateSnapshot snapshot(long height, LedgerState state, Hash blockHash) {
    return new StateSnapshot(CHAIN, height, blockHash, state);
  }

  @Test
  void aSnapshotIsAcceptedOnlyWithTheRootItsNextBlockCommits() throws Exception {
    ActiveSet same = GENESIS.state().validatorSet();
    LedgerState state = stateAt(L, same);
    SyncResponse parent = block(L, Hash.ZERO, Hash.ZERO, Hash.ZERO, same, List.of(0, 1, 2));
    Hash parentChainHash = Block.decode(parent.block().payload()).hash();
    StateSnapshot honest = snapshot(L, state, parentChainHash);
    SyncResponse next =
        block(L + 1, parentChainHash, state.root(), parent.block().hash(), same, List.of(0, 1, 2));
    LightClient c = client();
    c.acceptSnapshot(honest, parent, next);
    assertThat(c.epoch()).isEqualTo(1);

    // the same blocks with a snapshot whose state holds more money than the chain's
    LedgerState richer =
        state.with(
            Map.of(StateKey.GLOBALS, state.globals().withSupply(state.globals().supply() + 1)));
    assertThatThrownBy(
            () -> client().acceptSnapshot(snapshot(L, richer, parentChainHash), parent, next))
        .isInstanceOf(LightClient.Refused.class)
        .hasMessageContaining(
            "epoch 1"); // its set's proof is against another root than the block's

    // a next block certified by outsiders that commits the richer state
    SyncResponse[] fake =
        around(snapshot(L, richer, parentChainHash), richer.root(), set(List.of(7, 8, 9), 100));
    assertThatThrownBy(
            () ->
                client()
                    .acceptSnapshot(
                        snapshot(L, richer, Block.decode(fake[0].block().payload()).hash()),
                        fake[0],
                        fake[1]))
        .isInstanceOf(LightClient.Refused.class);
  }

  @Test
  void tamperedSnapshotBytesDoNotDecode() throws Exception {
    LedgerState state = stateAt(L, GENESIS.state().validatorSet());
    byte[] bytes = snapshot(L, state, Hash.ZERO).encode();
    assertThat(StateSnapshot.decode(bytes).root()).isEqualTo(state.root());
    for (int i = 0; i < bytes.length; i += Math.max(1, bytes.length / 97)) {
      byte[] t = bytes.clone();
      t[i] ^= 0x40;
      int at = i;
      try {
        StateSnapshot s = StateSnapshot.decode(t);
        // a flip in the declared block hash changes no state; anything else must be refused
        assertThat(s.root()).as("flip at %d", at).isEqualTo(state.root());
      } catch (DecodeException expected) {
        // refused
      }
    }
    assertThatThrownBy(() -> StateSnapshot.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void proofsSurviveTheirWireForm() throws Exception {
    LedgerState state = stateAt(L, GENESIS.state().validatorSet());
    MerkleProof p = state.proof(StateKey.VALIDATOR_SET);
    network.pot.base.codec.Writer w = new network.pot.base.codec.Writer();
    p.encode(w);
    network.pot.base.codec.Reader r = new network.pot.base.codec.Reader(w.toByteArray());
    assertThat(MerkleProof.decode(r)).isEqualTo(p);
    r.end();
  }
}
