package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.Parallel;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of the proof-of-training threat model; each must be rejected with its reason, and
 * each provable rejection must come with a fraud proof that a third party confirms.
 */
@Timeout(180)
class AttackSuiteTest {
  static final TaskSpec TASK = Fixture.task(8, 2, 4);
  static final int N = TASK.segments();
  static final Binding ME = Fixture.binding(TASK, "miner-me", "enroll-block-1");
  static final MemoryBlobStore STORE = new MemoryBlobStore();
  static Prover.Result honest;
  @TempDir Path tmp;

  /** A self-consistent commitment over forged leaves, as the strongest cheater would make it. */
  record Forged(Commitment commitment, Transcript transcript) {}

  @BeforeAll
  static void proveHonestly() {
    honest = Fixture.prove(TASK, ME, Fixture.DATA, STORE, 2);
    assertThat(verifyAll(honest.commitment(), honest.transcript()).failures()).isEmpty();
  }

  static List<byte[]> honestBlobs() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i <= N; i++) {
      out.add(STORE.fetch(honest.transcript().stateHash(i)).orElseThrow());
    }
    return out;
  }

  /** Stores the blobs and commits to them, claiming the true metric of the final blob. */
  static Forged commit(Binding b, List<byte[]> blobs) throws IOException {
    List<byte[]> leaves = new ArrayList<>();
    for (byte[] blob : blobs) {
      byte[] id = Fixture.stateHash(blob);
      STORE.put(id, blob);
      leaves.add(id);
    }
    Transcript t = new Transcript(leaves);
    var model = Checkpoint.decode(blobs.get(blobs.size() - 1), "final").model();
    int correct;
    try (Parallel par = Parallel.of(1)) {
      correct = Trainer.correct(model, Fixture.DATA.test(), par);
    }
    Commitment c =
        new Commitment(
            b.taskId(),
            b.minerId(),
            b.enrollHash(),
            t.root(),
            Checkpoint.modelHash(model),
            correct,
            t.size());
    return new Forged(c, t);
  }

  static Verdict verifyAll(Commitment c, OpeningSource openings) {
    return Fixture.verify(TASK, c, STORE, openings, Challenge.all(N), 1);
  }

  /** Verifies with several challenge draws: the attack must be caught by every one. */
  static List<Verdict> verifySampled(Commitment c, OpeningSource openings) throws IOException {
    List<Verdict> out = new ArrayList<>();
    try (Parallel par = Parallel.of(2)) {
      Verifier v = new Verifier(TASK, Fixture.DATA, par);
      for (int r = 0; r < 3; r++) {
        out.add(v.verify(c, STORE, openings, Fixture.id("randomness " + r), Fixture.id("v"), 0));
      }
    }
    return out;
  }

  /** The verdict is invalid, its first failure is {@code reason} at {@code segment}. */
  static void assertRejected(Verdict v, Reason reason, int segment) throws IOException {
    assertThat(v.valid()).as("verdict %s", v.toJson()).isFalse();
    assertThat(v.failures().get(0).reason()).as("%s", v.toJson()).isEqualTo(reason);
    assertThat(v.failures().get(0).segment()).as("%s", v.toJson()).isEqualTo(segment);
    assertThat(v.toJson().get("verdict").asText()).isEqualTo("invalid");
    if (!reason.provable()) {
      assertThat(v.fraud()).isEmpty();
      return;
    }
    FraudProof p = FraudProof.parse(v.fraud().orElseThrow().toJson().toString());
    try (Parallel par = Parallel.of(1)) {
      FraudProof.Check check = p.check(TASK, Fixture.DATA, STORE, par);
      assertThat(check.confirmed()).as(check.detail()).isTrue();
      assertThat(check.failure().reason()).isEqualTo(reason);
    }
  }

  static void assertAllRejected(List<Verdict> vs, Reason reason, int segment) throws IOException {
    for (Verdict v : vs) {
      assertRejected(v, reason, segment);
    }
  }

  static byte[] edit(byte[] blob, java.util.function.Consumer<Trainer> e) {
    return Fixture.reencode(blob, Fixture.DATA, e);
  }

  /** The same state with other keys or optimizer written in its header. */
  static byte[] relabel(byte[] blob, Seeds seeds, OptimizerSpec optimizer) throws IOException {
    Checkpoint.Contents c = Checkpoint.decode(blob, "relabel");
    return Checkpoint.encode(
        new Checkpoint.Contents(
                c.modelSpec(),
                c.params(),
                optimizer,
                c.optimizerUpdates(),
                c.optimizerState(),
                c.step(),
                seeds,
                c.batch(),
                c.stateHash())
            .trainer(Fixture.DATA.train()));
  }

  /** Every checkpoint of a transcript with my keys and the task's optimizer in its header. */
  static List<byte[]> relabelAll(Transcript t) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      byte[] blob = STORE.fetch(t.stateHash(i)).orElseThrow();
      out.add(relabel(blob, ME.seeds(), TASK.optimizer()));
    }
    return out;
  }

  @Test
  void attack01ZeroOrRandomFinalWeights() throws IOException {
    List<byte[]> zero = honestBlobs();
    zero.set(N, edit(zero.get(N), t -> t.model().params().forEach(p -> zeroOut(p))));
    Forged z = commit(ME, zero);
    assertAllRejected(
        verifySampled(z.commitment(), z.transcript()), Reason.SEGMENT_MISMATCH, N - 1);

    List<byte[]> random = honestBlobs();
    Rng rng = new Rng(42);
    random.set(N, edit(random.get(N), t -> t.model().params().forEach(p -> fill(p, rng))));
    Forged r = commit(ME, random);
    assertAllRejected(
        verifySampled(r.commitment(), r.transcript()), Reason.SEGMENT_MISMATCH, N - 1);

    // the honest transcript with a random model swapped in only at commit time
    byte[] randomHash = Checkpoint.modelHash(Checkpoint.decode(random.get(N), "r").model());
    Commitment swapped =
        honest.commitment().with(honest.commitment().merkleRoot(), randomHash, 100, N + 1);
    assertRejected(
        verifyAll(swapped, honest.transcript()), Reason.MODEL_HASH_MISMATCH, Verdict.FINAL);
  }

  private static void zeroOut(Param p) {
    java.util.Arrays.fill(p.value(), 0f);
  }

  private static void fill(Param p, Rng rng) {
    float[] v = p.value();
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextFloat() - 0.5f;
    }
  }

  @Test
  void attack02InterpolatedCheckpointsBetweenRealOnes() throws IOException {
    List<byte[]> real = honestBlobs();
    Trainer first = Checkpoint.decode(real.get(0), "0").trainer(Fixture.DATA.train());
    Trainer last = Checkpoint.decode(real.get(N), "n").trainer(Fixture.DATA.train());
    List<byte[]> spoof = new ArrayList<>(real);
    for (int i = 1; i < N; i++) {
      float w = (float) i / N;
      long step = i * TASK.checkpointEvery();
      spoof.set(
          i,
          edit(
              real.get(0),
              t -> {
                lerp(t.model().params(), first.model().params(), last.model().params(), w);
                for (int s = 0; s < t.optimizer().state().size(); s++) {
                  lerp(
                      t.optimizer().state().get(s),
                      first.optimizer().state().get(s),
                      last.optimizer().state().get(s),
                      w);
                }
                t.setStep(step);
                t.optimizer().setUpdates(step);
              }));
    }
    Forged f = commit(ME, spoof);
    assertAllRejected(verifySampled(f.commitment(), f.transcript()), Reason.SEGMENT_MISMATCH, 0);
  }

  private static void lerp(List<Param> out, List<Param> a, List<Param> b, float w) {
    for (int i = 0; i < out.size(); i++) {
      lerp(out.get(i).value(), a.get(i).value(), b.get(i).value(), w);
    }
  }

  private static void lerp(float[] out, float[] a, float[] b, float w) {
    for (int j = 0; j < out.length; j++) {
      out[j] = a[j] + w * (b[j] - a[j]);
    }
  }

  @Test
  void attack03AnotherMinersTranscriptReplayedUnderMyId() throws IOException {
    Binding other = Fixture.binding(TASK, "miner-other", "enroll-block-1");
    Prover.Result theirs = Fixture.prove(TASK, other, Fixture.DATA, STORE, 1);
    Commitment mine = theirs.commitment().withBinding(ME.minerId(), ME.enrollHash());
    assertAllRejected(verifySampled(mine, theirs.transcript()), Reason.BINDING_MISMATCH, 0);

    // rewriting the keys in every checkpoint header does not make their weights mine
    Forged f = commit(ME, relabelAll(theirs.transcript()));
    assertAllRejected(
        verifySampled(f.commitment(), f.transcript()), Reason.INITIAL_STATE_MISMATCH, 0);
  }

  @Test
  void attack04TranscriptForAnotherEnrollmentBlock() throws IOException {
    Binding early = Fixture.binding(TASK, "miner-me", "block-before-enrollment");
    Prover.Result pre = Fixture.prove(TASK, early, Fixture.DATA, STORE, 1);
    Commitment claimed = pre.commitment().withBinding(ME.minerId(), ME.enrollHash());
    assertAllRejected(verifySampled(claimed, pre.transcript()), Reason.BINDING_MISMATCH, 0);
  }

  @Test
  void attack05OneTamperedCheckpoint() throws IOException {
    List<byte[]> blobs = honestBlobs();
    blobs.set(
        2,
        edit(
            blobs.get(2),
            t -> {
              float[] w = t.model().params().get(0).value();
              w[17] = Math.nextUp(w[17]);
            }));
    Forged f = commit(ME, blobs);
    Verdict v = verifyAll(f.commitment(), f.transcript());
    assertRejected(v, Reason.SEGMENT_MISMATCH, 1);
    assertThat(v.failures())
        .extracting(Verdict.Failure::segment)
        .containsExactly(1, 2); // into and out of the tampered leaf
  }

  @Test
  void attack06ForgedMerkleProofs() throws IOException {
    Commitment c = honest.commitment();
    Transcript t = honest.transcript();
    // a flipped bit in one sibling hash
    OpeningSource flipped =
        leaf -> {
          Merkle.Opening o = t.open(leaf).orElseThrow();
          if (leaf != 1) {
            return Optional.of(o);
          }
          List<byte[]> path = new ArrayList<>(o.path());
          byte[] h = path.get(0).clone();
          h[0] ^= 1;
          path.set(0, h);
          return Optional.of(new Merkle.Opening(leaf, o.leaf(), path));
        };
    assertRejected(verifyAll(c, flipped), Reason.BAD_MERKLE_PROOF, 0);

    // a real checkpoint that is not the committed leaf, served with a proof from another tree
    List<byte[]> blobs = honestBlobs();
    blobs.set(2, edit(blobs.get(2), tr -> tr.model().params().get(0).value()[3] += 1f));
    Transcript other = commit(ME, blobs).transcript();
    assertRejected(
        verifyAll(c, leaf -> (leaf == 2 ? other : t).open(leaf)), Reason.BAD_MERKLE_PROOF, 1);

    // an opening of one leaf offered for another
    OpeningSource moved = leaf -> t.open(leaf == 3 ? 2 : leaf);
    assertRejected(verifyAll(c, moved), Reason.BAD_MERKLE_PROOF, 2);

    // no answer at all
    assertRejected(verifyAll(c, leaf -> Optional.empty()), Reason.MISSING_OPENING, 0);
  }

  @Test
  void attack07TrainingOnASubsetOrAnotherDataset() throws IOException {
    DataSets.Split subset =
        new DataSets.Split(Fixture.DATA.train().head(1000), Fixture.DATA.test());
    Prover.Result r = Fixture.prove(TASK, ME, subset, STORE, 1);
    assertAllRejected(verifySampled(r.commitment(), r.transcript()), Reason.SEGMENT_MISMATCH, 0);

    DataSets.Split other = new DataSets.Split(Fixture.DATA.test(), Fixture.DATA.test());
    Prover.Result o = Fixture.prove(TASK, ME, other, STORE, 1);
    assertAllRejected(verifySampled(o.commitment(), o.transcript()), Reason.SEGMENT_MISMATCH, 0);
  }

  @Test
  void attack08FewerStepsOrAnotherLearningRate() throws IOException {
    TaskSpec half = TASK.withSchedule(TASK.steps() / 2, TASK.checkpointEvery(), 4);
    Prover.Result shortRun = Fixture.prove(half, ME, Fixture.DATA, STORE, 1);
    assertRejected(
        verifyAll(shortRun.commitment(), shortRun.transcript()),
        Reason.TRANSCRIPT_LENGTH,
        Verdict.FINAL);

    // padded to T/k + 1 leaves by repeating the last real checkpoint
    List<byte[]> padded = new ArrayList<>();
    for (int i = 0; i <= N; i++) {
      int leaf = Math.min(i, half.segments());
      padded.add(STORE.fetch(shortRun.transcript().stateHash(leaf)).orElseThrow());
    }
    Forged p = commit(ME, padded);
    assertAllRejected(verifySampled(p.commitment(), p.transcript()), Reason.STEP_MISMATCH, N - 1);

    OptimizerSpec fast = OptimizerSpec.sgd(0.2f, 0.9f, 1e-4f);
    Prover.Result lr;
    try (Parallel par = Parallel.of(1)) {
      Trainer fastTrainer = TASK.withOptimizer(fast).newTrainer(ME.seeds(), Fixture.DATA.train());
      lr = Prover.continueFrom(TASK, ME, fastTrainer, Fixture.DATA, STORE, par, s -> {});
    }
    assertAllRejected(
        verifySampled(lr.commitment(), lr.transcript()), Reason.PARAMETER_MISMATCH, 0);

    // the same run with the task's learning rate written in every header
    Forged h = commit(ME, relabelAll(lr.transcript()));
    assertAllRejected(verifySampled(h.commitment(), h.transcript()), Reason.SEGMENT_MISMATCH, 0);
  }

  @Test
  void attack09InflatedClaimedMetric() throws IOException {
    Commitment c = honest.commitment();
    Commitment inflated =
        c.with(c.merkleRoot(), c.modelHash(), c.claimedCorrect() + 1, c.checkpoints());
    assertAllRejected(
        verifySampled(inflated, honest.transcript()), Reason.METRIC_MISMATCH, Verdict.FINAL);
    Verdict v = verifyAll(inflated, honest.transcript());
    assertThat(v.failures()).hasSize(1);
    assertThat(v.evaluatedCorrect()).isEqualTo(c.claimedCorrect());
  }

  @Test
  void attack10TruncatedCorruptSwappedOrMissingBlobs() throws IOException {
    ProofDirectory dir = ProofDirectory.create(tmp.resolve("proof"));
    for (int i = 0; i <= N; i++) {
      byte[] id = honest.transcript().stateHash(i);
      dir.put(id, STORE.fetch(id).orElseThrow());
    }
    dir.save(honest);
    Commitment c = dir.commitment();
    Path blob1 = dir.blobPath(honest.transcript().stateHash(1));
    byte[] original = Files.readAllBytes(blob1);

    // a bad copy is the source's fault, not provable against the miner
    Files.write(blob1, java.util.Arrays.copyOf(original, original.length / 2));
    assertRejected(verifyDir(c, dir), Reason.CORRUPT_BLOB, 1);

    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x40;
    Files.write(blob1, flipped);
    assertRejected(verifyDir(c, dir), Reason.CORRUPT_BLOB, 1);

    Files.write(blob1, Files.readAllBytes(dir.blobPath(honest.transcript().stateHash(2))));
    assertRejected(verifyDir(c, dir), Reason.CORRUPT_BLOB, 1);

    byte[] padded = java.util.Arrays.copyOf(original, original.length * 3);
    Files.write(blob1, padded);
    assertRejected(verifyDir(c, dir), Reason.CORRUPT_BLOB, 1);

    Files.delete(blob1);
    assertRejected(verifyDir(c, dir), Reason.MISSING_BLOB, 1);

    Files.write(blob1, original);
    assertThat(verifyDir(c, dir).failures()).isEmpty();
  }

  @Test
  void attack10bCommittedBytesThatAreNoCheckpoint() throws IOException {
    byte[] body = "POTCKPT1 but nothing else".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] digest = Sha256.of(body);
    byte[] garbage = java.util.Arrays.copyOf(body, body.length + 32);
    System.arraycopy(digest, 0, garbage, body.length, 32);
    List<byte[]> blobs = honestBlobs();
    blobs.set(1, garbage);
    Forged f = commit(ME, blobs);
    Verdict v = verifyAll(f.commitment(), f.transcript());
    assertRejected(v, Reason.SEGMENT_MISMATCH, 0);
    assertThat(v.failures())
        .contains(
            new Verdict.Failure(1, Reason.MALFORMED_CHECKPOINT, v.failures().get(1).detail()));
  }

  private static Verdict verifyDir(Commitment c, ProofDirectory dir) {
    return Fixture.verify(TASK, c, dir, dir, Challenge.all(N), 1);
  }

  @Test
  void fraudProofsAgainstHonestWorkAreRefused() throws IOException {
    Commitment c = honest.commitment();
    Transcript t = honest.transcript();
    try (Parallel par = Parallel.of(1)) {
      FraudProof bogus = new FraudProof(c, 1, t.open(1).orElseThrow(), t.open(2).orElseThrow());
      FraudProof.Check check = bogus.check(TASK, Fixture.DATA, STORE, par);
      assertThat(check.confirmed()).isFalse();
      assertThat(check.detail()).contains("checks out");

      FraudProof finalOk = new FraudProof(c, Verdict.FINAL, t.open(N).orElseThrow(), null);
      assertThat(finalOk.check(TASK, Fixture.DATA, STORE, par).confirmed()).isFalse();

      // openings that are not the commitment's prove nothing
      FraudProof moved = new FraudProof(c, 1, t.open(2).orElseThrow(), t.open(2).orElseThrow());
      assertThat(moved.check(TASK, Fixture.DATA, STORE, par).detail()).contains("not those of");
      Merkle.Opening one = t.open(1).orElseThrow();
      FraudProof forged =
          new FraudProof(
              c, 1, new Merkle.Opening(1, t.stateHash(3), one.path()), t.open(2).orElseThrow());
      FraudProof.Check f = forged.check(TASK, Fixture.DATA, STORE, par);
      assertThat(f.confirmed()).isFalse();
      assertThat(f.failure().reason()).isEqualTo(Reason.BAD_MERKLE_PROOF);
    }
  }
}
