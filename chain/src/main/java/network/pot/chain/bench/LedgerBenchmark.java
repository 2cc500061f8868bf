package network.pot.chain.bench;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.InvalidBlockException;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateMachine;
import network.pot.chain.state.SupplyAudit;
import network.pot.chain.tx.SignedTransaction;

/**
 * Builds N signed, mixed transactions from a seed, then times applying them in blocks through the
 * state machine (signature checks included). Reports throughput, the slowest state-root update of a
 * block (re-timed on the same change set), the final root and the supply audit.
 */
public final class LedgerBenchmark {
  /** What to run. */
  public record Config(int txs, long seed, int blockSize, int accounts) {
    public Config {
      if (txs < 1 || blockSize < 1 || accounts < 2) {
        throw new IllegalArgumentException("txs, block size must be positive; accounts >= 2");
      }
    }
  }

  /** The figures. */
  public record Result(
      int txs,
      long accepted,
      int blocks,
      double applySeconds,
      double txPerSec,
      double maxRootUpdateMillis,
      double signaturesPerSec,
      Hash stateRoot,
      long supply,
      boolean supplyBalanced,
      int stateEntries) {}

  private LedgerBenchmark() {}

  private static Block block(
      LedgerState state, List<SignedTransaction> txs, long time, Workload w) {
    return Block.build(
        Workload.CHAIN_ID,
        state.height() + 1,
        time,
        state.globals().lastBlockHash(),
        state.root(),
        w.validatorAddresses().get(0),
        w.reveal(state, w.validatorAddresses().get(0)),
        w.validatorAddresses(),
        txs);
  }

  public static Result run(Config cfg) throws InvalidBlockException {
    Workload w = new Workload(cfg.accounts(), cfg.seed());
    List<List<SignedTransaction>> batches = new ArrayList<>();
    for (int done = 0; done < cfg.txs(); done += cfg.blockSize()) {
      batches.add(w.next(Math.min(cfg.blockSize(), cfg.txs() - done)));
    }
    StateMachine sm = new StateMachine(Workload.CHAIN_ID, FraudProofChecker.NONE);
    LedgerState state = w.genesis().state();
    long accepted = 0;
    long nanos = 0;
    double maxRoot = 0;
    long time = w.genesis().genesisTime();
    // warm-up: apply the first block once and throw the result away, so that the timed run
    // measures compiled code; then time the signature checks of that block alone
    sm.apply(state, block(state, batches.get(0), time + 1_000, w));
    long s0 = System.nanoTime();
    long valid = batches.get(0).parallelStream().filter(SignedTransaction::verifySignature).count();
    double sigsPerSec = valid / ((System.nanoTime() - s0) / 1e9);
    for (List<SignedTransaction> txs : batches) {
      time += 1_000;
      Block b = block(state, txs, time, w);
      long t0 = System.nanoTime();
      BlockResult r = sm.apply(state, b);
      nanos += System.nanoTime() - t0;
      long r0 = System.nanoTime();
      state.with(r.changes());
      maxRoot = Math.max(maxRoot, (System.nanoTime() - r0) / 1e6);
      accepted += r.acceptedCount();
      state = r.state();
    }
    SupplyAudit audit = SupplyAudit.of(state);
    double secs = nanos / 1e9;
    return new Result(
        cfg.txs(),
        accepted,
        batches.size(),
        secs,
        cfg.txs() / secs,
        maxRoot,
        sigsPerSec,
        state.root(),
        audit.supply(),
        audit.balanced(),
        state.size());
  }
}
