package network.pot.node.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;
import network.pot.proof.FraudProof;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher: re-checks the proofs on chain with segments of its own choosing and, when one fails,
 * sends the fraud proof. A committee samples from the chain's randomness; a watcher draws from its
 * own secure randomness, which no miner can predict, so a forged segment that slipped past the
 * committee's samples can be caught at any time until the task settles, and the fraud proof earns
 * the bounty from the cheater's bond.
 *
 * <p>Budget: each committed or accepted proof is checked once, re-executing {@code samples}
 * segments drawn at random (plus the first, the last and the final model's evaluation, as every
 * challenge holds), and a pass checks at most {@code perPass} proofs before the next block.
 */
public final class WatcherWorker extends Worker {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");
  private static final Logger LOG = LoggerFactory.getLogger(WatcherWorker.class);

  private record Duty(Hash task, Address miner) {}

  private final KeyPair key;
  private final TaskIndex tasks;
  private final TxGateway gateway;
  private final Artifacts artifacts;
  private final Datasets datasets;
  private final int threads;
  private final int samples;
  private final int perPass;
  private final SecureRandom random = new SecureRandom();
  private final Set<Duty> done = new HashSet<>();
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong frauds = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong millis = new AtomicLong();

  /**
   * A watcher re-executing {@code samples} random segments of each proof, at most {@code perPass}
   * proofs a pass, on {@code threads} threads.
   */
  public WatcherWorker(WorkerContext ctx, int threads, int samples, int perPass) {
    super(ctx.node() + "-watcher", ctx.app());
    if (samples < 0 || perPass < 1) {
      throw new IllegalArgumentException("watcher samples must be >= 0 and proofs per pass >= 1");
    }
    this.key = ctx.key();
    this.tasks = ctx.tasks();
    this.gateway = ctx.gateway();
    this.artifacts = ctx.artifacts();
    this.datasets = ctx.datasets();
    this.threads = threads;
    this.samples = samples;
    this.perPass = perPass;
  }

  @Override
  protected void work(LedgerState state) throws IOException {
    Address me = Address.of(key);
    int budget = perPass;
    for (Hash id : tasks.ids()) {
      Task t = state.task(id);
      if (t == null || t.settled()) {
        continue;
      }
      for (Address miner : t.miners()) {
        Enrollment e = state.enrollment(id, miner);
        Duty d = new Duty(id, miner);
        if (miner.equals(me)
            || e == null
            || done.contains(d)
            || !(e.status() == Enrollment.Status.COMMITTED
                || e.status() == Enrollment.Status.ACCEPTED)) {
          continue;
        }
        if (budget-- == 0) {
          return;
        }
        watch(state, id, miner, e, d);
      }
    }
  }

  private void watch(LedgerState state, Hash id, Address miner, Enrollment e, Duty d)
      throws IOException {
    ProofInputs.Result got = ProofInputs.gather(id, state.task(id), miner, e, artifacts, datasets);
    if (got.inputs() == null) {
      if (got.lack() == ProofInputs.Lack.UNSOUND) {
        done.add(d); // the committee rejects it; nothing to prove by re-execution
      }
      return;
    }
    ProofInputs in = got.inputs();
    byte[] randomness = new byte[32];
    random.nextBytes(randomness);
    long t0 = System.nanoTime();
    Verdict v;
    try (Parallel par = Parallel.of(threads)) {
      v =
          new Verifier(in.spec(), in.data(), par)
              .verify(in.commitment(), artifacts, in.transcript(), randomness, me(), samples);
    }
    millis.addAndGet((System.nanoTime() - t0) / 1_000_000);
    steps.addAndGet(v.stepsReexecuted());
    if (!v.valid() && v.fraud().isEmpty()) {
      // a checkpoint not served is no proof of anything: try again on a later block
      LOG.debug("{} task {} miner {}: inputs missing ({})", name(), id, miner, v.reasons());
      return;
    }
    done.add(d);
    checked.incrementAndGet();
    if (v.fraud().isEmpty()) {
      return;
    }
    FraudProof proof = v.fraud().get();
    byte[] evidence = proof.toJson().toString().getBytes(StandardCharsets.UTF_8);
    if (evidence.length > Payload.MAX_EVIDENCE) {
      LOG.warn("{} task {} miner {}: fraud proof too large to send", name(), id, miner);
      return;
    }
    frauds.incrementAndGet();
    STATUS.warn(
        "{} caught task {} miner {} at segment {} ({}); sending the fraud proof",
        name(),
        id.toHex().substring(0, 12),
        miner.toString().substring(0, 12),
        proof.segment() == Verdict.FINAL ? "final" : Integer.toString(proof.segment()),
        v.reasons());
    gateway.send(
        key,
        state.params().minFee(),
        new Payload.FraudProof(id, miner, proof.segment(), Bytes.wrap(evidence)));
  }

  private byte[] me() {
    return Address.of(key).toArray();
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of(
        "watcher_checked", checked.get(),
        "watcher_frauds", frauds.get(),
        "watcher_steps_reexecuted", steps.get(),
        "watcher_ms", millis.get());
  }
}
