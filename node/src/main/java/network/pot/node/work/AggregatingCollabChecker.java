package network.pot.node.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import network.pot.chain.tx.Payload;
import network.pot.node.api.ArtifactStore;
import network.pot.node.ledger.FraudProofs;
import network.pot.node.ledger.TaskSpecs;
import network.pot.proof.Binding;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import network.pot.proof.FraudProof;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.Aggregator;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.ContributionVerifier;
import network.pot.proof.collab.GlobalModel;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;

/**
 * The ledger's collaborative checker: recomputes {@code G_0} from the task's spec and {@code
 * G_{r+1}} from {@code G_r} and the round's accepted updates with the protocol's {@link
 * Aggregator}, fetching every input by its content hash.
 *
 * <p>The spec is the artifact under the spec hash whose bytes have that tagged hash ({@link
 * CollabSpec#taskId}); {@code G_r} is the artifact under its blob hash (SHA-256 of its bytes); an
 * accepted miner's update is the last checkpoint of its transcript (the transcript artifact under
 * its Merkle root names it), sealed with that state hash, and its model must be the committed
 * update hash. Every input is thus fixed by hashes on chain, so every node that gets them computes
 * the same bits. An input that cannot be had now throws {@link Unavailable}, never a guess. A model
 * it computes is stored as an artifact, so that miners and other validators can fetch it by the
 * hash the chain records.
 *
 * <p>An accepted update whose checkpoint does not decode or is not the committed update hash is
 * left out of the aggregate, alike on every node (the bytes are fixed by their hash); honest
 * committees never accept one ({@code ContributionVerifier} checks exactly this).
 */
public final class AggregatingCollabChecker implements CollabChecker {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AggregatingCollabChecker.class);

  /** Largest collaborative spec accepted, in bytes. */
  static final int MAX_SPEC_BYTES = 1 << 20;

  /** Where a fraud proof's check finds the task's dataset. */
  public interface DataSource {
    /** The spec's dataset split; empty when this node does not hold the dataset (yet). */
    Optional<DataSets.Split> data(TaskSpec spec) throws IOException;

    /** A node without datasets: every fraud proof waits. */
    DataSource NONE = spec -> Optional.empty();
  }

  private final ArtifactStore artifacts;
  private final BlobSource checkpoints;
  private final DataSource data;
  private final int threads;

  /**
   * A checker that aggregates but cannot judge fraud proofs (they stay unavailable).
   *
   * @param artifacts specs, global models and transcripts (fetched from peers when not held)
   * @param checkpoints checkpoint blobs by state hash
   * @param threads threads for aggregation (the result does not depend on them)
   */
  public AggregatingCollabChecker(ArtifactStore artifacts, BlobSource checkpoints, int threads) {
    this(artifacts, checkpoints, DataSource.NONE, threads);
  }

  /**
   * @param data the datasets a fraud proof's segment is re-executed on
   */
  public AggregatingCollabChecker(
      ArtifactStore artifacts, BlobSource checkpoints, DataSource data, int threads) {
    this.artifacts = artifacts;
    this.checkpoints = checkpoints;
    this.data = data;
    this.threads = threads;
  }

  /**
   * The commitment the chain records for contribution {@code k} of {@code enrollment}'s miner to
   * round {@code round} of a task of {@code spec} that starts from the model hashed {@code
   * startModelHash}: its round binding, transcript root, update hash and claimed metric.
   */
  public static Commitment commitment(
      CollabSpec spec,
      network.pot.proof.collab.Enrollment enrollment,
      int round,
      byte[] startModelHash,
      CollabRound.Contribution k) {
    Binding b = spec.roundBinding(enrollment, round, startModelHash);
    return new Commitment(
        b.taskId(),
        b.minerId(),
        b.enrollHash(),
        k.transcriptRoot().toArray(),
        k.updateHash().toArray(),
        (int) Math.min(k.claimedMetric(), Integer.MAX_VALUE),
        spec.inner().segments() + 1);
  }

  /**
   * Judges the evidence's segment and openings against the commitment the chain records (not the
   * one the evidence names): the segment re-executed from {@code G_r} on the miner's shard.
   */
  @Override
  public FraudProofChecker.Verdict checkContribution(
      Hash taskId,
      CollabTask task,
      int roundIndex,
      CollabRound round,
      CollabRound.Contribution k,
      Enrollment e,
      Payload.ContributionFraudProof tx)
      throws Unavailable {
    Optional<FraudProof> parsed = FraudProofs.parse(tx.evidence().toArray());
    if (parsed.isEmpty() || parsed.get().segment() != tx.segment()) {
      return FraudProofChecker.Verdict.NOT_A_PROOF;
    }
    CollabSpec spec =
        spec(task.terms().specHash())
            .orElseThrow(() -> new IllegalStateException("a published task's spec does not parse"));
    int segments = spec.inner().segments();
    if (tx.segment() != network.pot.proof.Verdict.FINAL
        && (tx.segment() < 0 || tx.segment() >= segments)) {
      return FraudProofChecker.Verdict.NOT_A_PROOF;
    }
    GlobalModel g = model(spec, round.start(), roundIndex);
    var enrollment =
        new network.pot.proof.collab.Enrollment(
            k.miner().toArray(), e.enrollHash().toArray(), task.slot(k.miner()));
    FraudProof onChain =
        new FraudProof(
            commitment(spec, enrollment, roundIndex, g.modelHash(), k),
            tx.segment(),
            parsed.get().start(),
            parsed.get().end());
    try {
      Optional<DataSets.Split> split = data.data(spec.inner());
      if (split.isEmpty()) {
        throw new Unavailable("dataset " + task.terms().datasetId() + " is not at hand");
      }
      ContributionVerifier verifier = new ContributionVerifier(spec, split.get());
      FraudProof.Check check;
      try (Parallel par = Parallel.of(threads)) {
        check =
            onChain.check(
                spec.inner(), verifier.split(enrollment.slot()), checkpoints, g.start(), par);
      } catch (RuntimeException bug) {
        // the inputs are fixed by hashes, so a failure here fails alike on every node: answer it
        // the same way everywhere rather than leave the block unappliable
        LOG.warn(
            "fraud proof check of task {} round {} failed; judged no proof",
            taskId,
            roundIndex,
            bug);
        return FraudProofChecker.Verdict.NOT_A_PROOF;
      }
      return FraudProofs.verdict(check);
    } catch (IOException io) {
      throw new Unavailable("reading the inputs failed: " + io.getMessage(), io);
    }
  }

  /** The hashes the chain records for a global model. */
  public static Payload.ModelHashes hashes(GlobalModel g) {
    return new Payload.ModelHashes(
        Hash.of(g.modelHash()), Hash.of(g.outerStateHash()), Hash.of(g.stateHash()));
  }

  @Override
  public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) throws Unavailable {
    Optional<CollabSpec> spec = spec(terms.specHash());
    if (spec.isEmpty() || !TaskSpecs.matchTerms(spec.get(), terms)) {
      return SpecCheck.MISMATCH;
    }
    GlobalModel g0 = GlobalModel.genesis(spec.get());
    if (!hashes(g0).equals(terms.genesis())) {
      return SpecCheck.WRONG_GENESIS;
    }
    offer(g0);
    return SpecCheck.OK;
  }

  @Override
  public Payload.ModelHashes next(Hash taskId, CollabTask task, int roundIndex, CollabRound round)
      throws Unavailable {
    CollabSpec spec =
        spec(task.terms().specHash())
            .orElseThrow(() -> new IllegalStateException("a published task's spec does not parse"));
    GlobalModel g = model(spec, round.start(), roundIndex);
    long count = spec.inner().segments() + 1L;
    List<Aggregator.Update> updates = new ArrayList<>();
    for (Address miner : round.accepted()) {
      CollabRound.Contribution c = round.contribution(miner);
      Optional<List<float[]>> u = update(c, (int) count);
      if (u.isPresent()) {
        updates.add(new Aggregator.Update(miner.toArray(), u.get()));
      } else {
        LOG.warn(
            "task {} round {}: the accepted update of {} is left out", taskId, roundIndex, miner);
      }
    }
    GlobalModel next;
    try (Parallel par = Parallel.of(threads)) {
      next = Aggregator.next(spec, g, updates, par);
    }
    offer(next);
    return hashes(next);
  }

  /**
   * The spec under {@code specHash}: empty when the bytes with that tagged hash are not a
   * collaborative spec (the same answer on every node); throws when no such bytes can be had.
   */
  private Optional<CollabSpec> spec(Hash specHash) throws Unavailable {
    byte[] bytes =
        fetch(
            specHash,
            MAX_SPEC_BYTES,
            b ->
                MessageDigest.isEqual(
                    Sha256.tagged("pot/collab-task/v1", b), specHash.unsafeArray()),
            "collaborative spec");
    try {
      CollabSpec s = CollabSpec.parse(new String(bytes, StandardCharsets.UTF_8));
      return MessageDigest.isEqual(s.taskId(), specHash.unsafeArray())
          ? Optional.of(s)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private GlobalModel model(CollabSpec spec, Payload.ModelHashes h, int round) throws Unavailable {
    int size = GlobalModel.genesis(spec).encode().length;
    byte[] bytes =
        fetch(
            h.blob(),
            size,
            b -> MessageDigest.isEqual(Sha256.of(b), h.blob().unsafeArray()),
            "global model");
    try {
      GlobalModel g = GlobalModel.decode(bytes, spec.inner().model());
      if (g.round() != round || !hashes(g).equals(h)) {
        throw new IllegalStateException("the global model recorded for round " + round + " is not");
      }
      return g;
    } catch (DataFormatException e) {
      throw new IllegalStateException("the global model recorded for round " + round, e);
    }
  }

  /**
   * The weights of an accepted contribution: its transcript's last checkpoint; empty when that
   * checkpoint (fixed by its hash, so the same bytes on every node) does not decode or is not the
   * committed update, which only a committee that accepted it against the evidence lets happen.
   */
  private Optional<List<float[]>> update(CollabRound.Contribution c, int count) throws Unavailable {
    byte[] root = c.transcriptRoot().toArray();
    byte[] transcript =
        fetch(
            c.transcriptRoot(),
            count * 32,
            b -> Transcripts.decode(b, count, root).isPresent(),
            "transcript of " + c.miner());
    List<byte[]> leaves = Transcripts.decode(transcript, count, root).orElseThrow();
    byte[] last = leaves.get(count - 1);
    try {
      Optional<byte[]> blob = checkpoints.fetch(last);
      if (blob.isEmpty() || !Checkpoint.sealedWith(blob.get(), last)) {
        throw new Unavailable("the update of " + c.miner() + " is not at hand");
      }
      Checkpoint.Contents contents = Checkpoint.decodeVerified(blob.get(), "update");
      if (!MessageDigest.isEqual(
          Checkpoint.modelHash(contents.model()), c.updateHash().unsafeArray())) {
        return Optional.empty();
      }
      return Optional.of(contents.params());
    } catch (DataFormatException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new Unavailable("fetching the update of " + c.miner() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The collaborative spec under {@code specHash} for a worker: empty when it cannot be fetched now
   * or is not a collaborative spec with that id.
   */
  public static Optional<CollabSpec> fetchSpec(ArtifactStore artifacts, Hash specHash) {
    try {
      return new AggregatingCollabChecker(artifacts, id -> Optional.empty(), 1).spec(specHash);
    } catch (Unavailable e) {
      return Optional.empty();
    }
  }

  /** The global model a round starts from, for a worker; empty when it cannot be fetched now. */
  public static Optional<GlobalModel> fetchModel(
      ArtifactStore artifacts, CollabSpec spec, Payload.ModelHashes h, int round) {
    try {
      return Optional.of(
          new AggregatingCollabChecker(artifacts, id -> Optional.empty(), 1).model(spec, h, round));
    } catch (Unavailable | IllegalStateException e) {
      return Optional.empty();
    }
  }

  private byte[] fetch(Hash key, int max, ArtifactStore.Check check, String what)
      throws Unavailable {
    try {
      return artifacts
          .fetch(key.toArray(), max, check)
          .orElseThrow(() -> new Unavailable(what + " " + key + " is not at hand"));
    } catch (IOException e) {
      throw new Unavailable("fetching " + what + " " + key + ": " + e.getMessage(), e);
    }
  }

  /** Serves a model this node computed under its blob hash. */
  private void offer(GlobalModel g) {
    try {
      artifacts.put(g.stateHash(), g.encode());
    } catch (IOException e) {
      LOG.warn("could not store global model {}: {}", Hash.of(g.stateHash()), e.toString());
    }
  }
}
