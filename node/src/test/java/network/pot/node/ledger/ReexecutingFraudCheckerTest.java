package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Verdict;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.proof.Binding;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import network.pot.proof.FraudProof;
import network.pot.proof.MemoryBlobStore;
import network.pot.proof.Merkle;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real checker on a real small transcript (8 steps of a tiny MLP on the small Fashion-MNIST, a
 * checkpoint every 2): an honest segment, a tampered one, evidence about another transcript,
 * garbage, and inputs that are not at hand.
 */
@Timeout(120)
class ReexecutingFraudCheckerTest {
  static final int FINAL = network.pot.proof.Verdict.FINAL;
  static final Address MINER = Address.of(KeyPair.deterministic("fraud-miner", 0));
  static final Hash ENROLL_BLOCK = Hash.sha256(new byte[] {7});
  static final Hash TASK_ID = Hash.sha256(new byte[] {9});

  static TaskSpec spec;
  static DataSets.Split data;
  static MemoryBlobStore blobs = new MemoryBlobStore();
  static Commitment honest;
  static List<byte[]> leaves;

  @BeforeAll
  static void train() throws IOException {
    Path dir = smallData();
    spec =
        new TaskSpec(
            TaskSpec.dataHash(dir),
            ModelSpec.parse(
                "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                    + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
                    + "{\"type\":\"linear\",\"out\":10}]}"),
            OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f),
            16,
            8,
            2,
            1);
    data = spec.loadData(dir);
    Binding b = new Binding(spec.taskId(), MINER.toArray(), ENROLL_BLOCK.toArray());
    try (Parallel par = Parallel.of(1)) {
      Prover.Result r = Prover.prove(spec, b, data, blobs, par, s -> {});
      honest = r.commitment();
      leaves = r.transcript().stateHashes();
    }
  }

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  /** The chain's view of the task: its terms name the spec and dataset by hash. */
  static Task task() {
    return new Task(
        Address.of(KeyPair.deterministic("fraud-publisher", 0)),
        new Payload.PublishTask(
            Hash.of(spec.dataHash()),
            Hash.of(spec.taskId()),
            spec.steps(),
            spec.checkpointEvery(),
            spec.flopsPerStep(),
            1_000,
            100,
            10,
            spec.samples()),
        1,
        1_000,
        List.of(MINER),
        false,
        null);
  }

  /** The enrollment that committed {@code c}. */
  static Enrollment committed(Commitment c) {
    return Enrollment.enroll(10, 2, ENROLL_BLOCK)
        .commit(Hash.of(c.merkleRoot()), Hash.of(c.modelHash()), c.claimedCorrect(), 3, List.of());
  }

  /** A transcript whose leaf {@code i} is forged, committed with its own root. */
  static List<byte[]> forged(int i) {
    List<byte[]> l = new ArrayList<>(leaves);
    l.set(i, Hash.sha256("forged".getBytes(StandardCharsets.US_ASCII)).toArray());
    return l;
  }

  static Commitment commitmentOf(List<byte[]> l) {
    return honest.with(Merkle.root(l), honest.modelHash(), honest.claimedCorrect(), l.size());
  }

  static Payload.FraudProof tx(Commitment c, List<byte[]> l, int segment) {
    FraudProof p =
        segment == FINAL
            ? new FraudProof(c, FINAL, Merkle.open(l, l.size() - 1), null)
            : new FraudProof(c, segment, Merkle.open(l, segment), Merkle.open(l, segment + 1));
    return tx(segment, p.toJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  static Payload.FraudProof tx(int segment, byte[] evidence) {
    return new Payload.FraudProof(TASK_ID, MINER, segment, Bytes.wrap(evidence));
  }

  static FraudProofChecker checker(
      Optional<TaskSpec> s, Optional<DataSets.Split> d, BlobSource store) {
    return new ReexecutingFraudChecker(
        new ReexecutingFraudChecker.Inputs() {
          @Override
          public Optional<TaskSpec> spec(Task task) {
            return s;
          }

          @Override
          public Optional<DataSets.Split> data(TaskSpec spec) {
            return d;
          }

          @Override
          public BlobSource blobs() {
            return store;
          }
        },
        1);
  }

  static FraudProofChecker everything() {
    return checker(Optional.of(spec), Optional.of(data), blobs);
  }

  @Test
  void anHonestSegmentAndTheHonestFinalModelCheckOut() throws Exception {
    Enrollment e = committed(honest);
    assertThat(everything().check(task(), e, tx(honest, leaves, 1)))
        .isEqualTo(Verdict.TRANSCRIPT_VALID);
    assertThat(everything().check(task(), e, tx(honest, leaves, FINAL)))
        .isEqualTo(Verdict.TRANSCRIPT_VALID);
  }

  @Test
  void aTamperedSegmentIsProvedInvalidAndItsHonestNeighbourIsNot() throws Exception {
    List<byte[]> l = forged(2);
    Commitment c = commitmentOf(l);
    Enrollment e = committed(c);
    assertThat(everything().check(task(), e, tx(c, l, 1))).isEqualTo(Verdict.TRANSCRIPT_INVALID);
    assertThat(everything().check(task(), e, tx(c, l, 0))).isEqualTo(Verdict.TRANSCRIPT_VALID);
  }

  @Test
  void aProofAboutAnotherTranscriptOrSegmentIsNotAProof() throws Exception {
    List<byte[]> l = forged(2);
    Commitment c = commitmentOf(l);
    // a valid proof of fraud in the forged transcript, against an enrollment that committed the
    // honest one
    assertThat(everything().check(task(), committed(honest), tx(c, l, 1)))
        .isEqualTo(Verdict.NOT_A_PROOF);
    // the transaction names segment 0, the evidence segment 1
    byte[] evidence =
        new FraudProof(c, 1, Merkle.open(l, 1), Merkle.open(l, 2))
            .toJson()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    assertThat(everything().check(task(), committed(c), tx(0, evidence)))
        .isEqualTo(Verdict.NOT_A_PROOF);
    // openings of the forged tree under the honest root
    Commitment mixed = honest.with(honest.merkleRoot(), honest.modelHash(), 0, leaves.size());
    assertThat(everything().check(task(), committed(mixed), tx(mixed, l, 1)))
        .isEqualTo(Verdict.NOT_A_PROOF);
  }

  @Test
  void garbageEvidenceIsNotAProofWithoutFetchingAnything() throws Exception {
    FraudProofChecker nothing = checker(Optional.empty(), Optional.empty(), new MemoryBlobStore());
    Enrollment e = committed(honest);
    for (byte[] junk :
        List.of(
            new byte[0],
            new byte[] {(byte) 0xff, (byte) 0xfe},
            "{\"segment\":1}".getBytes(StandardCharsets.UTF_8),
            "not json".getBytes(StandardCharsets.UTF_8))) {
      assertThat(nothing.check(task(), e, tx(1, junk))).isEqualTo(Verdict.NOT_A_PROOF);
    }
  }

  @Test
  void missingInputsMakeTheCheckUnavailableRatherThanRefused() {
    List<byte[]> l = forged(2);
    Commitment c = commitmentOf(l);
    Enrollment e = committed(c);
    Payload.FraudProof proof = tx(c, l, 1);
    assertThatThrownBy(
            () -> checker(Optional.empty(), Optional.of(data), blobs).check(task(), e, proof))
        .isInstanceOf(FraudProofChecker.Unavailable.class)
        .hasMessageContaining("task spec");
    assertThatThrownBy(
            () -> checker(Optional.of(spec), Optional.empty(), blobs).check(task(), e, proof))
        .isInstanceOf(FraudProofChecker.Unavailable.class)
        .hasMessageContaining("dataset");
    assertThatThrownBy(
            () ->
                checker(Optional.of(spec), Optional.of(data), new MemoryBlobStore())
                    .check(task(), e, proof))
        .isInstanceOf(FraudProofChecker.Unavailable.class)
        .hasMessageContaining("no blob");
  }
}
