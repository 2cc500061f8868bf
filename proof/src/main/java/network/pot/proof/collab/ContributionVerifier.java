package network.pot.proof.collab;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.crypto.Challenge;
import network.pot.proof.Binding;
import network.pot.proof.BlobSource;
import network.pot.proof.Merkle;
import network.pot.proof.OpeningSource;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.train.Checkpoint;

/**
 * Checks one contribution to round {@code r} against {@code G_r}: that it names this round and
 * carries its miner's round binding, then the exact sampled re-execution of {@link Verifier} on the
 * miner's shard, starting from {@code G_r} ({@link GlobalModel#start}). The challenge always holds
 * the first segment (which ties the transcript to {@code G_r} and the binding's keys) and the last
 * (which ties it to the committed update). Finally it fetches the update itself, the transcript's
 * last checkpoint, and checks it against the update hash, so that what is aggregated is what was
 * verified.
 *
 * <p>The shards of the training split are cut once, when the verifier is built.
 */
public final class ContributionVerifier {
  /** Why a contribution is left out of its round. */
  public enum Rejection {
    /** It names another round than the one being closed (a replayed update). */
    WRONG_ROUND,
    /** Its commitment is not under this miner's binding for this round and global model. */
    WRONG_BINDING,
    /** The exact re-execution found a failure; the {@link Verdict} says which. */
    TRANSCRIPT,
    /** The verified last checkpoint could not be fetched or does not decode. */
    UPDATE_UNAVAILABLE
  }

  /**
   * A contribution's result: accepted with its update's weights and the steps it is credited with
   * (H), or rejected with the reason and, when re-execution ran, its verdict.
   */
  public record Check(
      Contribution contribution,
      Rejection rejection,
      Optional<Verdict> verdict,
      List<float[]> update,
      long verifiedSteps) {
    public Check {
      update = update == null ? List.of() : List.copyOf(update);
    }

    public boolean accepted() {
      return rejection == null;
    }

    static Check rejected(Contribution c, Rejection r, Verdict v) {
      return new Check(c, r, Optional.ofNullable(v), List.of(), 0);
    }
  }

  private final CollabSpec spec;
  private final DataSets.Split data;
  private final Dataset[] shards;

  /** A verifier of {@code spec}'s contributions on its dataset (checked against its data hash). */
  public ContributionVerifier(CollabSpec spec, DataSets.Split data) {
    this.spec = spec;
    this.data = data;
    this.shards = new Dataset[spec.miners()];
    for (int s = 0; s < shards.length; s++) {
      shards[s] = Shards.shard(spec, s, data.train());
    }
  }

  /** The training data of slot {@code slot}. */
  public Dataset shard(int slot) {
    return shards[slot];
  }

  /** The split a slot's miner trains on: its shard and the test split. */
  public DataSets.Split split(int slot) {
    return new DataSets.Split(shards[slot], data.test());
  }

  /** The segments the challenge draws from this randomness for this verifier. */
  public List<Integer> challenge(byte[] randomness, byte[] verifierId) {
    return Challenge.segments(
        randomness, verifierId, spec.inner().segments(), spec.inner().samples());
  }

  /** Verifies {@code c} against {@code g} on the given segments (first and last always added). */
  public Check verify(
      GlobalModel g,
      Contribution c,
      BlobSource blobs,
      OpeningSource openings,
      List<Integer> segments,
      Parallel par)
      throws IOException {
    if (c.round() != g.round()) {
      return Check.rejected(c, Rejection.WRONG_ROUND, null);
    }
    Enrollment e = c.enrollment();
    if (e.slot() >= spec.miners()) {
      return Check.rejected(c, Rejection.WRONG_BINDING, null);
    }
    Binding expected = spec.roundBinding(e, g.round(), g.modelHash());
    if (!expected.equals(c.commitment().binding())) {
      return Check.rejected(c, Rejection.WRONG_BINDING, null);
    }
    int n = spec.inner().segments();
    List<Integer> all = new ArrayList<>(segments);
    all.add(0);
    all.add(n - 1);
    Verdict v =
        new Verifier(spec.inner(), split(e.slot()), g.start(), par)
            .verify(c.commitment(), blobs, openings, all);
    if (!v.valid()) {
      return Check.rejected(c, Rejection.TRANSCRIPT, v);
    }
    Optional<List<float[]>> update = update(c, blobs, openings);
    if (update.isEmpty()) {
      return Check.rejected(c, Rejection.UPDATE_UNAVAILABLE, v);
    }
    return new Check(c, null, Optional.of(v), update.get(), spec.localSteps());
  }

  /**
   * The weights of the contribution's last checkpoint, if its blob is at the verified leaf's
   * address and its model is the committed update hash.
   */
  static Optional<List<float[]>> update(Contribution c, BlobSource blobs, OpeningSource openings)
      throws IOException {
    int last = c.commitment().checkpoints() - 1;
    Optional<Merkle.Opening> o = openings.open(last);
    if (o.isEmpty()
        || o.get().index() != last
        || !Merkle.verify(c.commitment().merkleRoot(), c.commitment().checkpoints(), o.get())) {
      return Optional.empty();
    }
    byte[] id = o.get().leaf();
    Optional<byte[]> blob = blobs.fetch(id);
    if (blob.isEmpty() || !Checkpoint.sealedWith(blob.get(), id)) {
      return Optional.empty();
    }
    Checkpoint.Contents contents;
    try {
      contents = Checkpoint.decodeVerified(blob.get(), "update");
      if (!MessageDigest.isEqual(
          Checkpoint.modelHash(contents.model()), c.commitment().modelHash())) {
        return Optional.empty();
      }
    } catch (DataFormatException | IllegalArgumentException ex) {
      return Optional.empty();
    }
    return Optional.of(contents.params());
  }
}
