package network.pot.node.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.LedgerState;
import network.pot.chain.tx.Payload;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;
import network.pot.proof.Commitment;
import network.pot.proof.FraudProof;
import network.pot.proof.Prover;
import network.pot.proof.Transcript;
import network.pot.proof.collab.ByzantineProver;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.Contribution;
import network.pot.proof.collab.ContributionVerifier;
import network.pot.proof.collab.GlobalModel;
import network.pot.proof.collab.Simulation;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collaborative task's duties of a node, each pass over the committed state:
 *
 * <ul>
 *   <li>as a miner: enroll in an open collaborative task with a free slot (at the least bond), and
 *       in each open round train the H local steps from {@code G_r} on its shard with {@link
 *       RoundProver}, store the transcript under its root (the checkpoints go to the artifact store
 *       as they are made) and commit the contribution;
 *   <li>as a verifier: for every contribution whose committee seats this node's validator, check it
 *       with {@link ContributionVerifier} on the segments its challenge draws from the seed the
 *       chain recorded, and vote;
 *   <li>as a verifier, once a round has closed: aggregate {@code G_{r+1}} as every validator will
 *       ({@link AggregatingCollabChecker}), which stores it as an artifact, and send {@code
 *       CLOSE_ROUND} with its hashes.
 * </ul>
 *
 * Inputs that cannot be fetched yet are tried again on the next pass; a duty whose transaction has
 * not shown on chain {@link #RESEND_BLOCKS} blocks after it was sent is done again.
 */
public final class CollabWorker extends Worker {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");
  private static final Logger LOG = LoggerFactory.getLogger(CollabWorker.class);

  /** A duty: what it is ({@code "enroll"}, ...), its task, round and miner. */
  private record Duty(String what, Hash task, int round, Address miner) {}

  private final KeyPair key;
  private final TaskIndex tasks;
  private final TxGateway gateway;
  private final Artifacts artifacts;
  private final Datasets datasets;
  private final boolean mine;
  private final boolean verify;
  private final int threads;
  private final Simulation.Behaviour behaviour;

  /**
   * Blocks after which a duty whose transaction has not shown on chain is done again (the
   * transaction may have been dropped, or refused).
   */
  static final long RESEND_BLOCKS = 20;

  /** The height each duty's transaction was last sent at. */
  private final Map<Duty, Long> sentAt = new HashMap<>();

  private final AtomicLong contributed = new AtomicLong();
  private final AtomicLong votes = new AtomicLong();
  private final AtomicLong closes = new AtomicLong();
  private final AtomicLong frauds = new AtomicLong();

  /** The fraud proofs of contributions this verifier rejected provably, by their vote duty. */
  private final Map<Duty, FraudProof> fraudProofs = new HashMap<>();

  /** Contributions decided before this verifier voted that it has checked since. */
  private final java.util.Set<Duty> checkedDecided = new java.util.HashSet<>();

  /**
   * @param mine whether this node enrolls in collaborative tasks and contributes to them
   * @param verify whether this node verifies contributions and closes rounds
   */
  public CollabWorker(WorkerContext ctx, boolean mine, boolean verify, int threads) {
    this(ctx, mine, verify, threads, Simulation.Behaviour.HONEST);
  }

  /**
   * A worker whose miner contributes as {@code behaviour} says: anything but {@link
   * Simulation.Behaviour#HONEST} is fault injection ({@code [faults] collab_update}), a Byzantine
   * miner for tests and rehearsals whose contributions the verifiers must reject.
   */
  public CollabWorker(
      WorkerContext ctx,
      boolean mine,
      boolean verify,
      int threads,
      Simulation.Behaviour behaviour) {
    super(ctx.node() + "-collab", ctx.app());
    this.key = ctx.key();
    this.tasks = ctx.tasks();
    this.gateway = ctx.gateway();
    this.artifacts = ctx.artifacts();
    this.datasets = ctx.datasets();
    this.mine = mine;
    this.verify = verify;
    this.threads = threads;
    this.behaviour = behaviour;
  }

  @Override
  protected void work(LedgerState state) throws IOException {
    Address me = Address.of(key);
    for (Hash id : tasks.collabIds()) {
      CollabTask t = state.collabTask(id);
      if (t == null || t.settled()) {
        continue;
      }
      Optional<CollabSpec> spec =
          AggregatingCollabChecker.fetchSpec(artifacts, t.terms().specHash());
      if (spec.isEmpty()) {
        continue;
      }
      if (mine) {
        mine(state, id, t, spec.get(), me);
      }
      if (verify) {
        verify(state, id, t, spec.get(), state.actingValidator(me));
      }
    }
  }

  private void mine(LedgerState state, Hash id, CollabTask t, CollabSpec spec, Address me)
      throws IOException {
    Enrollment e = state.enrollment(id, me);
    if (e == null) {
      Duty enroll = new Duty("enroll", id, -1, me);
      if (state.height() < t.terms().enrollDeadline()
          && t.miners().size() < t.terms().miners()
          && !waiting(enroll, state)) {
        sent(enroll, state);
        gateway.send(
            key,
            state.params().minFee(),
            new Payload.EnrollTask(id, Math.max(1, t.terms().minMinerBond())));
      }
      return;
    }
    CollabRound r = state.collabRound(id, t.round());
    Duty d = new Duty("contribute", id, t.round(), me);
    if (e.status() != Enrollment.Status.ENROLLED
        || r == null
        || r.status() != CollabRound.Status.OPEN
        || state.height() + 1 < r.openHeight()
        || state.height() >= r.commitDeadline()
        || r.contribution(me) != null
        || waiting(d, state)) {
      return;
    }
    Optional<GlobalModel> g =
        AggregatingCollabChecker.fetchModel(artifacts, spec, r.start(), t.round());
    Optional<DataSets.Split> data = datasets.load(spec.inner());
    if (g.isEmpty() || data.isEmpty()) {
      LOG.debug("{} task {} round {}: inputs not here yet", name(), id, t.round());
      return;
    }
    var enrollment =
        new network.pot.proof.collab.Enrollment(me.toArray(), e.enrollHash().toArray(), t.slot(me));
    Payload.CommitContribution commit = replayed(state, id, t, me);
    if (commit == null) {
      Simulation.Behaviour b =
          behaviour == Simulation.Behaviour.REPLAYED_UPDATE
              ? Simulation.Behaviour.GARBAGE_UPDATE // nothing of its own to replay yet
              : behaviour;
      Prover.Result result;
      try (Parallel par = Parallel.of(threads)) {
        result =
            ByzantineProver.prove(
                b,
                spec,
                new ContributionVerifier(spec, data.get()),
                g.get(),
                enrollment,
                artifacts,
                par);
      }
      Commitment c = result.commitment();
      artifacts.put(c.merkleRoot(), Transcripts.encode(result.transcript().stateHashes()));
      commit =
          new Payload.CommitContribution(
              id, t.round(), Hash.of(c.merkleRoot()), Hash.of(c.modelHash()), c.claimedCorrect());
    }
    gateway.send(key, state.params().minFee(), commit);
    sent(d, state);
    contributed.incrementAndGet();
    STATUS.info(
        "{} contributed to task {} round {}: {} steps, {} test samples right",
        name(),
        id.toHex().substring(0, 12),
        t.round(),
        spec.localSteps(),
        commit.claimedMetric());
  }

  /**
   * A replaying miner's commitment: its contribution of an earlier round committed again; null for
   * any other miner, or before it has committed anything.
   */
  private Payload.CommitContribution replayed(
      LedgerState state, Hash id, CollabTask t, Address me) {
    if (behaviour != Simulation.Behaviour.REPLAYED_UPDATE) {
      return null;
    }
    for (int round = t.round() - 1; round >= 0; round--) {
      CollabRound earlier = state.collabRound(id, round);
      CollabRound.Contribution k = earlier == null ? null : earlier.contribution(me);
      if (k != null) {
        return new Payload.CommitContribution(
            id, t.round(), k.transcriptRoot(), k.updateHash(), k.claimedMetric());
      }
    }
    return null;
  }

  private void verify(LedgerState state, Hash id, CollabTask t, CollabSpec spec, Address me)
      throws IOException {
    CollabRound r = state.collabRound(id, t.round());
    if (r == null) {
      return;
    }
    if (r.status() == CollabRound.Status.AGGREGATING) {
      close(state, id, t, r);
      return;
    }
    fraudProofs.keySet().removeIf(d -> d.task().equals(id) && d.round() < t.round());
    checkedDecided.removeIf(d -> d.task().equals(id) && d.round() < t.round());
    if (r.status() != CollabRound.Status.OPEN || state.height() >= r.closeHeight()) {
      return;
    }
    for (CollabRound.Contribution k : r.contributions()) {
      Duty d = new Duty("vote", id, t.round(), k.miner());
      if (k.seat(me) == null || k.challengeSeed().equals(Hash.ZERO)) {
        continue;
      }
      if (k.status() == Enrollment.Status.ACCEPTED) {
        // decided without this verifier's vote, or against it: its sample is checked all the
        // same, and a provable failure goes on chain as a fraud proof
        if (!k.hasVoted(me)
            && checkedDecided.add(d)
            && check(state, id, t, spec, r, k, me).isEmpty()) {
          checkedDecided.remove(d); // the inputs are not here yet
        }
        refute(state, id, t, k);
        continue;
      }
      if (k.status() != Enrollment.Status.COMMITTED || k.hasVoted(me) || waiting(d, state)) {
        continue;
      }
      Optional<Payload.ContributionVote> vote = check(state, id, t, spec, r, k, me);
      if (vote.isPresent()) {
        gateway.send(key, state.params().minFee(), vote.get());
        sent(d, state);
        votes.incrementAndGet();
      }
    }
  }

  /** This verifier's vote on a contribution; empty while its inputs cannot be fetched. */
  private Optional<Payload.ContributionVote> check(
      LedgerState state,
      Hash id,
      CollabTask t,
      CollabSpec spec,
      CollabRound r,
      CollabRound.Contribution k,
      Address me)
      throws IOException {
    Optional<GlobalModel> g =
        AggregatingCollabChecker.fetchModel(artifacts, spec, r.start(), t.round());
    Optional<DataSets.Split> data = datasets.load(spec.inner());
    if (g.isEmpty() || data.isEmpty()) {
      return Optional.empty();
    }
    int leaves = spec.inner().segments() + 1;
    byte[] root = k.transcriptRoot().toArray();
    Optional<List<byte[]>> hashes =
        artifacts
            .fetch(root, leaves * 32, b -> Transcripts.decode(b, leaves, root).isPresent())
            .flatMap(b -> Transcripts.decode(b, leaves, root));
    if (hashes.isEmpty()) {
      return Optional.empty();
    }
    Enrollment e = state.enrollment(id, k.miner());
    var enrollment =
        new network.pot.proof.collab.Enrollment(
            k.miner().toArray(), e.enrollHash().toArray(), t.slot(k.miner()));
    if (k.claimedMetric() < 0 || k.claimedMetric() > Integer.MAX_VALUE) {
      return Optional.of(vote(id, t, k, false, Payload.VerificationVote.NO_SEGMENT));
    }
    Commitment c =
        AggregatingCollabChecker.commitment(spec, enrollment, t.round(), g.get().modelHash(), k);
    ContributionVerifier verifier = new ContributionVerifier(spec, data.get());
    ContributionVerifier.Check check;
    try (Parallel par = Parallel.of(threads)) {
      check =
          verifier.verify(
              g.get(),
              new Contribution(t.round(), enrollment, c),
              artifacts,
              new Transcript(hashes.get()),
              verifier.challenge(k.challengeSeed().toArray(), me.toArray()),
              par);
    }
    if (check.accepted()) {
      return Optional.of(vote(id, t, k, true, Payload.VerificationVote.NO_SEGMENT));
    }
    if (check.verdict().isPresent()
        && check.verdict().get().reasons().stream().noneMatch(x -> x.provable())) {
      // a missing blob is no proof of anything; it may still arrive
      return Optional.empty();
    }
    int segment =
        check
            .verdict()
            .map(v -> VerifierWorker.Vote.of(v).segment())
            .orElse(Payload.VerificationVote.NO_SEGMENT);
    check
        .verdict()
        .flatMap(v -> v.fraud())
        .ifPresent(p -> fraudProofs.put(new Duty("vote", id, t.round(), k.miner()), p));
    LOG.info(
        "{} task {} round {}: {} rejected ({})",
        name(),
        id,
        t.round(),
        k.miner(),
        check.rejection());
    return Optional.of(vote(id, t, k, false, segment));
  }

  /**
   * A contribution its committee accepted although this verifier found it wrong, provably: the
   * fraud proof goes on chain before the round closes, to convict the miner and the voters whose
   * sample held the segment.
   */
  private void refute(LedgerState state, Hash id, CollabTask t, CollabRound.Contribution k) {
    Duty d = new Duty("fraud", id, t.round(), k.miner());
    FraudProof proof = fraudProofs.get(new Duty("vote", id, t.round(), k.miner()));
    if (proof == null || waiting(d, state)) {
      return;
    }
    gateway.send(
        key,
        state.params().minFee(),
        new Payload.ContributionFraudProof(
            id,
            t.round(),
            k.miner(),
            proof.segment(),
            Bytes.wrap(proof.toJson().toString().getBytes(StandardCharsets.UTF_8))));
    sent(d, state);
    frauds.incrementAndGet();
    STATUS.info(
        "{} sends a fraud proof against {}'s contribution to task {} round {} (segment {})",
        name(),
        k.miner(),
        id.toHex().substring(0, 12),
        t.round(),
        proof.segment());
  }

  private static Payload.ContributionVote vote(
      Hash id, CollabTask t, CollabRound.Contribution k, boolean accept, int segment) {
    return new Payload.ContributionVote(id, t.round(), k.miner(), accept, segment);
  }

  /** Aggregates a closed round as the validators will and sends its hashes. */
  private void close(LedgerState state, Hash id, CollabTask t, CollabRound r) {
    Duty d = new Duty("close", id, t.round(), null);
    if (waiting(d, state)) {
      return;
    }
    try {
      Payload.ModelHashes next =
          new AggregatingCollabChecker(artifacts, artifacts, threads).next(id, t, t.round(), r);
      gateway.send(key, state.params().minFee(), new Payload.CloseRound(id, t.round(), next));
      sent(d, state);
      closes.incrementAndGet();
      STATUS.info(
          "{} closes task {} round {}: {} accepted, model {}",
          name(),
          id.toHex().substring(0, 12),
          t.round(),
          r.accepted().size(),
          next.model().toHex().substring(0, 12));
    } catch (FraudProofChecker.Unavailable e) {
      LOG.debug(
          "{} task {} round {}: cannot aggregate yet: {}", name(), id, t.round(), e.getMessage());
    }
  }

  /** Whether a transaction for {@code d} went out recently enough to wait for it. */
  private boolean waiting(Duty d, LedgerState state) {
    Long h = sentAt.get(d);
    return h != null && state.height() < h + RESEND_BLOCKS;
  }

  private void sent(Duty d, LedgerState state) {
    sentAt.put(d, state.height());
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of(
        "collab_contributed", contributed.get(),
        "collab_votes", votes.get(),
        "collab_closes", closes.get(),
        "collab_fraud_proofs", frauds.get());
  }
}
