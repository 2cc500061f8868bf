package network.pot.node.ledger;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import network.pot.proof.FraudProof;
import network.pot.proof.Merkle;
import network.pot.proof.TaskSpec;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;

/**
 * The ledger's fraud-proof checker: the evidence is a {@link FraudProof} in its JSON form, checked
 * by re-executing the one segment it names (or evaluating the final model) with the task's spec,
 * dataset and checkpoint blobs.
 *
 * <p>First, without any I/O, the proof must be about the enrollment on chain: the same task, miner,
 * enrollment block, Merkle root, model hash and claimed metric, the segment the transaction names,
 * and openings that lead to the committed root. Anything else is {@link Verdict#NOT_A_PROOF},
 * whatever the node holds. Then the inputs are resolved; when one cannot be had now (spec or
 * dataset not held, a checkpoint blob missing or a bad copy of it), the check throws {@link
 * FraudProofChecker.Unavailable} instead of answering, since a node that had it would answer
 * otherwise. Re-execution is bit-exact whatever the thread count, so the verdict is the same on
 * every node that gets that far.
 */
public final class ReexecutingFraudChecker implements FraudProofChecker {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ReexecutingFraudChecker.class);

  /**
   * Where the checker finds a task's inputs. Each may be slow (network) but never guesses. A node
   * gets its own from {@code Datasets.fraudCheckInputs} (its datasets and artifacts).
   */
  public interface Inputs {
    /** The spec the task names, checked against its hash; empty when not obtainable now. */
    Optional<TaskSpec> spec(Task task) throws IOException;

    /** The spec's dataset split; empty when this node does not hold the dataset. */
    Optional<DataSets.Split> data(TaskSpec spec) throws IOException;

    /** Checkpoint blobs by state hash (untrusted: the check verifies what it gets). */
    BlobSource blobs();
  }

  /** The proof module's segment number of the final evaluation. */
  private static final int FINAL = network.pot.proof.Verdict.FINAL;

  private final Inputs inputs;
  private final int threads;

  public ReexecutingFraudChecker(Inputs inputs, int threads) {
    this.inputs = inputs;
    this.threads = threads;
  }

  @Override
  public Verdict check(Task task, Enrollment e, Payload.FraudProof tx) throws Unavailable {
    Optional<FraudProof> parsed = FraudProofs.parse(tx.evidence().toArray());
    if (parsed.isEmpty() || !about(parsed.get(), task, e, tx)) {
      return Verdict.NOT_A_PROOF;
    }
    FraudProof proof = parsed.get();
    try {
      TaskSpec spec =
          inputs
              .spec(task)
              .orElseThrow(() -> new Unavailable("task spec " + task.terms().specHash()));
      if (!TaskSpecs.matchTerms(spec, task)
          || proof.commitment().checkpoints() != spec.segments() + 1
          || (proof.segment() != FINAL && proof.segment() >= spec.segments())) {
        return Verdict.NOT_A_PROOF;
      }
      DataSets.Split data =
          inputs
              .data(spec)
              .orElseThrow(() -> new Unavailable("dataset " + task.terms().datasetId()));
      FraudProof.Check check;
      try (Parallel par = Parallel.of(threads)) {
        check = proof.check(spec, data, inputs.blobs(), par);
      } catch (RuntimeException bug) {
        // the inputs are fixed by hashes, so a failure here fails alike on every node: answer it
        // the same way everywhere rather than leave the block unappliable
        LOG.warn("fraud proof check of task {} failed; judged no proof", tx.taskId(), bug);
        return Verdict.NOT_A_PROOF;
      }
      return FraudProofs.verdict(check);
    } catch (IOException io) {
      throw new Unavailable("reading the inputs failed: " + io.getMessage(), io);
    }
  }

  /**
   * Whether the proof speaks of this enrollment's committed transcript at the named segment, with
   * openings of that segment's leaves that lead to the committed root.
   */
  private static boolean about(FraudProof p, Task task, Enrollment e, Payload.FraudProof tx) {
    Commitment c = p.commitment();
    if (p.segment() != tx.segment()
        || !same(c.taskId(), task.terms().specHash())
        || !same(c.minerId(), tx.miner())
        || !same(c.enrollHash(), e.enrollHash())
        || !same(c.merkleRoot(), e.transcriptRoot())
        || !same(c.modelHash(), e.modelHash())
        || c.claimedCorrect() != e.claimedMetric()) {
      return false;
    }
    int startLeaf = p.segment() == FINAL ? c.checkpoints() - 1 : p.segment();
    if (p.start().index() != startLeaf
        || !Merkle.verify(c.merkleRoot(), c.checkpoints(), p.start())) {
      return false;
    }
    return p.segment() == FINAL
        || (p.end() != null
            && p.end().index() == startLeaf + 1
            && Merkle.verify(c.merkleRoot(), c.checkpoints(), p.end()));
  }

  private static boolean same(byte[] a, Hash b) {
    return MessageDigest.isEqual(a, b.unsafeArray());
  }

  private static boolean same(byte[] a, Address b) {
    return MessageDigest.isEqual(a, b.unsafeArray());
  }
}
