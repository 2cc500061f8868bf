package network.pot.cli.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import network.pot.chain.bench.LedgerBenchmark;
import network.pot.chain.state.Params;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot bench ledger}: ledger throughput with signature checks, as one JSON object. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description =
        "Build N signed, mixed transactions from a seed, apply them in blocks (signature checks "
            + "in parallel) and print tx_per_sec, state_root and supply as JSON. The same seed "
            + "gives the same state_root.")
public final class LedgerBenchCommand extends JsonCommand {
  @Option(names = "--txs", required = true, description = "Number of transactions.")
  int txs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--block-size",
      defaultValue = "10000",
      description = "Transactions per block (default ${DEFAULT-VALUE}).")
  int blockSize;

  @Option(
      names = "--accounts",
      defaultValue = "10000",
      description = "Funded accounts in the workload (default ${DEFAULT-VALUE}).")
  int accounts;

  @Override
  protected void validate() {
    if (txs < 1 || blockSize < 1 || accounts < 2) {
      throw new UserException("--txs and --block-size must be positive, --accounts >= 2");
    }
    long maxBlock = Params.DEFAULT.maxBlockTxs();
    if (blockSize > maxBlock) {
      throw new UserException("--block-size must be at most " + maxBlock);
    }
  }

  @Override
  protected int run(ObjectNode out, Output progress) throws Exception {
    progress.note("bench ledger: building " + txs + " signed transactions...");
    LedgerBenchmark.Result r =
        LedgerBenchmark.run(new LedgerBenchmark.Config(txs, seed, blockSize, accounts));
    out.put("txs", r.txs());
    out.put("accepted", r.accepted());
    out.put("blocks", r.blocks());
    out.put("block_size", blockSize);
    out.put("accounts", accounts);
    out.put("seed", seed);
    out.put("threads", Runtime.getRuntime().availableProcessors());
    out.put("apply_seconds", r.applySeconds());
    out.put("tx_per_sec", Math.round(r.txPerSec()));
    out.put("max_root_update_ms", r.maxRootUpdateMillis());
    out.put("signatures_per_sec", Math.round(r.signaturesPerSec()));
    out.put("state_root", r.stateRoot().toHex());
    out.put("supply", r.supply());
    out.put("supply_balanced", r.supplyBalanced());
    out.put("state_entries", r.stateEntries());
    return ExitCodes.OK;
  }
}
