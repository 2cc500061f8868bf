package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.tx.Payload;
import network.pot.node.api.ArtifactStore;
import network.pot.proof.FraudProof;
import network.pot.proof.MemoryBlobStore;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.proof.Transcript;
import network.pot.proof.collab.Aggregator;
import network.pot.proof.collab.ByzantineProver;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.ContributionVerifier;
import network.pot.proof.collab.GlobalModel;
import network.pot.proof.collab.OuterOptimizer;
import network.pot.proof.collab.RoundProver;
import network.pot.proof.collab.Simulation;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real collaborative checker on real contributions: three miners train round 0 of a tiny MLP (8
 * local steps, a checkpoint every 2) on their shards of the small Fashion-MNIST; the checker
 * fetches the spec, {@code G_0}, the transcripts and the updates by hash and aggregates them.
 */
@Timeout(120)
class AggregatingCollabCheckerTest {
  static final Hash TASK = Hash.sha256(new byte[] {3});
  static final List<Address> MINERS = new ArrayList<>();

  static CollabSpec spec;
  static GlobalModel g0;
  static final Map<Bytes, byte[]> STORED = new HashMap<>();
  static final MemoryBlobStore BLOBS = new MemoryBlobStore();
  static final List<CollabRound.Contribution> CONTRIBUTIONS = new ArrayList<>();
  static final List<List<float[]>> WEIGHTS = new ArrayList<>();
  static final List<Transcript> TRANSCRIPTS = new ArrayList<>();
  static DataSets.Split data;

  /** Artifacts in memory: what a node holds, and nothing more. */
  static final class Memory implements ArtifactStore {
    final Map<Bytes, byte[]> map = new HashMap<>();

    @Override
    public void put(byte[] key, byte[] content) {
      map.put(Bytes.wrap(key), content.clone());
    }

    @Override
    public boolean has(byte[] key) {
      return map.containsKey(Bytes.wrap(key));
    }

    @Override
    public Optional<byte[]> fetch(byte[] key, int maxBytes, Check check) {
      byte[] b = map.get(Bytes.wrap(key));
      return b != null && b.length <= maxBytes && check.matches(b)
          ? Optional.of(b.clone())
          : Optional.empty();
    }
  }

  @BeforeAll
  static void trainRoundZero() throws IOException {
    var dir = WorkerBench.smallData();
    TaskSpec inner = WorkerBench.smallMlp(TaskSpec.dataHash(dir));
    spec =
        CollabSpec.builder()
            .inner(inner)
            .rounds(2)
            .miners(3)
            .quorum(1)
            .outer(new OuterOptimizer(0.7f, 0.9f))
            .build();
    data = inner.loadData(dir);
    ContributionVerifier shards = new ContributionVerifier(spec, data);
    g0 = GlobalModel.genesis(spec);
    STORED.put(Bytes.wrap(spec.taskId()), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    try (Parallel par = Parallel.of(1)) {
      for (int slot = 0; slot < 3; slot++) {
        Address a = Address.of(KeyPair.deterministic("collab-miner", slot));
        MINERS.add(a);
        var e =
            new network.pot.proof.collab.Enrollment(
                a.toArray(), Hash.sha256(new byte[] {(byte) slot}).toArray(), slot);
        Prover.Result r = RoundProver.prove(spec, g0, e, shards.split(slot), BLOBS, par, s -> {});
        byte[] root = r.commitment().merkleRoot();
        STORED.put(Bytes.wrap(root), Transcripts.encode(r.transcript().stateHashes()));
        byte[] last = r.transcript().stateHashes().get(r.transcript().stateHashes().size() - 1);
        WEIGHTS.add(Checkpoint.decodeVerified(BLOBS.fetch(last).orElseThrow(), "update").params());
        TRANSCRIPTS.add(r.transcript());
        CONTRIBUTIONS.add(
            new CollabRound.Contribution(
                a,
                Hash.of(root),
                Hash.of(r.commitment().modelHash()),
                r.commitment().claimedCorrect(),
                10,
                Enrollment.Status.ACCEPTED,
                List.of(),
                Hash.ZERO,
                List.of()));
      }
    }
  }

  static Payload.PublishCollabTask.Builder terms() {
    TaskSpec in = spec.inner();
    return Payload.PublishCollabTask.builder()
        .datasetId(Hash.of(in.dataHash()))
        .specHash(Hash.of(spec.taskId()))
        .genesis(AggregatingCollabChecker.hashes(g0))
        .rounds(2)
        .localSteps(in.steps())
        .checkpointInterval(in.checkpointEvery())
        .miners(3)
        .quorum(1)
        .outerLr(0.7f)
        .outerMomentum(0.9f)
        .flopsPerStep(in.flopsPerStep())
        .reward(1_000)
        .enrollDeadline(5)
        .roundBlocks(3)
        .minMinerBond(1);
  }

  static CollabTask task() {
    return new CollabTask(
        Address.of(KeyPair.deterministic("collab-publisher", 0)),
        terms().sampleSize(spec.inner().samples()).build(),
        1,
        1_000,
        MINERS,
        0,
        false,
        false);
  }

  /** Round 0, closed with these miners accepted (in this order). */
  static CollabRound round(List<CollabRound.Contribution> cs, List<Address> accepted) {
    return new CollabRound(
        AggregatingCollabChecker.hashes(g0),
        6,
        8,
        10,
        CollabRound.Status.AGGREGATING,
        cs,
        accepted,
        Payload.ModelHashes.NONE);
  }

  Memory node() {
    Memory m = new Memory();
    m.map.putAll(STORED);
    return m;
  }

  AggregatingCollabChecker checker(Memory m) {
    return new AggregatingCollabChecker(m, BLOBS, 2);
  }

  @Test
  void theSpecMustBeThePublishedTermsAndG0ItsGenesis() throws Exception {
    Memory m = node();
    AggregatingCollabChecker c = checker(m);
    var ok = terms().sampleSize(spec.inner().samples()).build();
    assertThat(c.checkSpec(TASK, ok)).isEqualTo(CollabChecker.SpecCheck.OK);
    // G_0 is now served under its blob hash
    assertThat(m.has(ok.genesis().blob().toArray())).isTrue();
    assertThat(c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).quorum(2).build()))
        .isEqualTo(CollabChecker.SpecCheck.MISMATCH);
    assertThat(c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).outerLr(0.5f).build()))
        .isEqualTo(CollabChecker.SpecCheck.MISMATCH);
    Payload.ModelHashes other =
        new Payload.ModelHashes(ok.genesis().model(), ok.genesis().model(), ok.genesis().blob());
    assertThat(c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).genesis(other).build()))
        .isEqualTo(CollabChecker.SpecCheck.WRONG_GENESIS);
    Memory empty = new Memory();
    assertThatThrownBy(() -> checker(empty).checkSpec(TASK, ok))
        .isInstanceOf(FraudProofChecker.Unavailable.class);
  }

  @Test
  void theNextModelIsTheAggregateInMinerOrderWhateverTheOrderOnChain() throws Exception {
    Memory m = node();
    AggregatingCollabChecker c = checker(m);
    c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).build());
    List<Aggregator.Update> updates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      updates.add(new Aggregator.Update(MINERS.get(i).toArray(), WEIGHTS.get(i)));
    }
    GlobalModel want;
    try (Parallel par = Parallel.of(1)) {
      want = Aggregator.next(spec, g0, updates, par);
    }
    Payload.ModelHashes got =
        c.next(
            TASK,
            task(),
            0,
            round(CONTRIBUTIONS, List.of(MINERS.get(2), MINERS.get(0), MINERS.get(1))));
    assertThat(got).isEqualTo(AggregatingCollabChecker.hashes(want));
    assertThat(c.next(TASK, task(), 0, round(CONTRIBUTIONS, MINERS))).isEqualTo(got);
    // G_1 is served, and decodes to the same model
    byte[] blob = m.map.get(Bytes.wrap(got.blob().toArray()));
    assertThat(AggregatingCollabChecker.hashes(GlobalModel.decode(blob, spec.inner().model())))
        .isEqualTo(got);
    // leaving a miner out gives another model
    assertThat(c.next(TASK, task(), 0, round(CONTRIBUTIONS, MINERS.subList(0, 2))))
        .isNotEqualTo(got);
  }

  @Test
  void anAcceptedUpdateThatIsNotItsCommittedModelIsLeftOutAlikeEverywhere() throws Exception {
    Memory m = node();
    AggregatingCollabChecker c = checker(m);
    c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).build());
    List<CollabRound.Contribution> lying = new ArrayList<>(CONTRIBUTIONS);
    CollabRound.Contribution x = lying.get(1);
    lying.set(
        1,
        new CollabRound.Contribution(
            x.miner(),
            x.transcriptRoot(),
            Hash.sha256(new byte[] {1}),
            x.claimedMetric(),
            x.commitHeight(),
            x.status(),
            x.committee(),
            x.challengeSeed(),
            x.votes()));
    Payload.ModelHashes withLiar = c.next(TASK, task(), 0, round(lying, MINERS));
    Payload.ModelHashes without =
        c.next(TASK, task(), 0, round(CONTRIBUTIONS, List.of(MINERS.get(0), MINERS.get(2))));
    assertThat(withLiar).isEqualTo(without);
  }

  @Test
  void aMissingInputIsUnavailableNotAGuess() throws Exception {
    Memory m = node();
    AggregatingCollabChecker c = checker(m);
    // G_0's blob has not been offered by a spec check on this node yet
    assertThatThrownBy(() -> c.next(TASK, task(), 0, round(CONTRIBUTIONS, MINERS)))
        .isInstanceOf(FraudProofChecker.Unavailable.class)
        .hasMessageContaining("global model");
    c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).build());
    m.map.remove(Bytes.wrap(CONTRIBUTIONS.get(1).transcriptRoot().toArray()));
    assertThatThrownBy(() -> c.next(TASK, task(), 0, round(CONTRIBUTIONS, MINERS)))
        .isInstanceOf(FraudProofChecker.Unavailable.class)
        .hasMessageContaining("transcript");
  }

  private static Enrollment enrolled(int slot) {
    return Enrollment.enroll(1, 5, Hash.sha256(new byte[] {(byte) slot}));
  }

  private static Payload.ContributionFraudProof tx(Address miner, FraudProof p) {
    return new Payload.ContributionFraudProof(
        TASK,
        0,
        miner,
        p.segment(),
        Bytes.wrap(p.toJson().toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static CollabRound open(List<CollabRound.Contribution> cs) {
    return new CollabRound(
        AggregatingCollabChecker.hashes(g0),
        6,
        8,
        10,
        CollabRound.Status.OPEN,
        cs,
        List.of(),
        Payload.ModelHashes.NONE);
  }

  @Test
  void aFraudProofAgainstAContributionIsJudgedByReexecutionFromItsRoundsModel() throws Exception {
    Memory m = node();
    AggregatingCollabChecker c = new AggregatingCollabChecker(m, BLOBS, s -> Optional.of(data), 1);
    c.checkSpec(TASK, terms().sampleSize(spec.inner().samples()).build());
    ContributionVerifier verifier = new ContributionVerifier(spec, data);

    // slot 0 trains on another slot's shard: its first segment does not re-execute
    var e0 =
        new network.pot.proof.collab.Enrollment(
            MINERS.get(0).toArray(), Hash.sha256(new byte[] {0}).toArray(), 0);
    Prover.Result bad;
    FraudProof proof;
    try (Parallel par = Parallel.of(1)) {
      bad =
          ByzantineProver.prove(
              Simulation.Behaviour.OTHER_DATA, spec, verifier, g0, e0, BLOBS, par);
      var check =
          verifier.verify(
              g0, RoundProver.contribution(g0, e0, bad), BLOBS, bad.transcript(), List.of(), par);
      assertThat(check.accepted()).isFalse();
      proof = check.verdict().orElseThrow().fraud().orElseThrow();
    }
    m.put(bad.commitment().merkleRoot(), Transcripts.encode(bad.transcript().stateHashes()));
    CollabRound.Contribution cheat =
        new CollabRound.Contribution(
            MINERS.get(0),
            Hash.of(bad.commitment().merkleRoot()),
            Hash.of(bad.commitment().modelHash()),
            bad.commitment().claimedCorrect(),
            10,
            Enrollment.Status.ACCEPTED,
            List.of(),
            Hash.sha256(new byte[] {9}),
            List.of());
    CollabRound r = open(List.of(cheat));
    assertThat(
            c.checkContribution(TASK, task(), 0, r, cheat, enrolled(0), tx(MINERS.get(0), proof)))
        .isEqualTo(FraudProofChecker.Verdict.TRANSCRIPT_INVALID);

    // an honest contribution's segment checks out: a proof of it refutes whoever rejected it
    CollabRound.Contribution honest = CONTRIBUTIONS.get(1);
    Transcript t = TRANSCRIPTS.get(1);
    var e1 =
        new network.pot.proof.collab.Enrollment(
            MINERS.get(1).toArray(), Hash.sha256(new byte[] {1}).toArray(), 1);
    FraudProof right =
        new FraudProof(
            AggregatingCollabChecker.commitment(spec, e1, 0, g0.modelHash(), honest),
            1,
            t.open(1).orElseThrow(),
            t.open(2).orElseThrow());
    assertThat(
            c.checkContribution(
                TASK,
                task(),
                0,
                open(CONTRIBUTIONS),
                honest,
                enrolled(1),
                tx(MINERS.get(1), right)))
        .isEqualTo(FraudProofChecker.Verdict.TRANSCRIPT_VALID);

    // the proof is judged against the contribution on chain, not another one it names
    assertThat(
            c.checkContribution(
                TASK,
                task(),
                0,
                open(CONTRIBUTIONS),
                honest,
                enrolled(1),
                tx(MINERS.get(1), proof)))
        .isEqualTo(FraudProofChecker.Verdict.NOT_A_PROOF);
    Payload.ContributionFraudProof garbage =
        new Payload.ContributionFraudProof(TASK, 0, MINERS.get(1), 1, Bytes.fromHex("ff00"));
    assertThat(c.checkContribution(TASK, task(), 0, r, honest, enrolled(1), garbage))
        .isEqualTo(FraudProofChecker.Verdict.NOT_A_PROOF);
    // without the dataset there is no verdict yet
    AggregatingCollabChecker noData = checker(m);
    assertThatThrownBy(
            () ->
                noData.checkContribution(
                    TASK, task(), 0, r, cheat, enrolled(0), tx(MINERS.get(0), proof)))
        .isInstanceOf(FraudProofChecker.Unavailable.class);
  }
}
