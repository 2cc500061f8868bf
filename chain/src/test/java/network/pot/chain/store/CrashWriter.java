package network.pot.chain.store;

import java.nio.file.Path;
import network.pot.chain.bench.Workload;
import network.pot.chain.block.Block;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateMachine;

/**
 * A child process for {@link CrashRecoveryTest}: commits a deterministic chain to RocksDB as fast
 * as it can, printing each committed height, until it is killed.
 */
public final class CrashWriter {
  private final Workload workload = new Workload(64, 11);
  private final StateMachine machine = new StateMachine(Workload.CHAIN_ID, FraudProofChecker.NONE);

  /** The block that follows {@code state} in the deterministic chain. */
  BlockResult next(LedgerState state) throws Exception {
    Block b =
        Block.build(
            Workload.CHAIN_ID,
            state.height() + 1,
            1_700_000_000_000L + state.height() * 1000,
            state.globals().lastBlockHash(),
            state.root(),
            workload.validatorAddresses().get(0),
            workload.reveal(state, workload.validatorAddresses().get(0)),
            workload.validatorAddresses(),
            workload.next(40));
    return machine.apply(state, b);
  }

  Workload workload() {
    return workload;
  }

  public static void main(String[] args) throws Exception {
    CrashWriter w = new CrashWriter();
    try (ChainStore store =
        ChainStore.open(RocksDbKeyValueStorage.open(Path.of(args[0])), w.workload.genesis())) {
      while (true) {
        store.commit(w.next(store.state()));
        System.out.println(store.height());
        System.out.flush();
      }
    }
  }
}
