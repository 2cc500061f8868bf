package network.pot.cli.consensus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.consensus.sim.ConsensusBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot bench consensus}: finality of the BFT protocol on a simulated fault-free network, next
 * to the lower bound for that setting (moving the block across one link plus three one-way delays).
 */
@Command(
    name = "consensus",
    mixinStandardHelpOptions = true,
    description = {
      "Measure BFT finality (simulated network time) against the lower bound: block transfer"
          + " over one link plus three one-way delays.",
      "Delays are drawn per message, uniformly from the latency range; each directed link has the"
          + " given bandwidth; signing and hashing time is not simulated."
    })
public final class BenchConsensusCommand extends JsonCommand {
  @Option(
      names = "--validators",
      description = "Validators, equal power (default ${DEFAULT-VALUE}).")
  int validators = 4;

  @CommandLine.Mixin LinkOptions links = new LinkOptions();

  @Option(names = "--txs", description = "Transactions per block (default ${DEFAULT-VALUE}).")
  int txs = 100;

  @Option(
      names = "--tx-bytes",
      description =
          "Bytes per transaction (default ${DEFAULT-VALUE}: a transfer with an Ed25519"
              + " signature and key).")
  int txBytes = 160;

  @Option(names = "--heights", description = "Heights measured (default ${DEFAULT-VALUE}).")
  int heights = 5;

  @Option(names = "--seed", description = "Seed of the delays (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Override
  protected void validate() {
    if (heights < 1) {
      throw new UserException("--heights must be at least 1");
    }
  }

  @Override
  protected int run(ObjectNode out, Output progress) {
    progress.note(
        String.format(
            "simulating %d validators, %d txs x %d bytes, %s ms, %s Mbps, %d heights...",
            validators, txs, txBytes, links.latency, links.bandwidthMbps, heights));
    ConsensusBench b =
        ConsensusBench.run(
            validators,
            links.latency.minMs(),
            links.latency.maxMs(),
            links.bandwidthMbps,
            txs,
            txBytes,
            heights,
            seed);
    out.put("validators", validators);
    out.put("txs", txs);
    out.put("tx_bytes", txBytes);
    out.put("latency_ms", links.latency.toString());
    out.put("bandwidth_mbps", links.bandwidthMbps);
    out.put("heights", heights);
    out.put("finality_ms", round(b.finalityMs()));
    out.put("finality_mean_ms", round(b.meanFinalityMs()));
    out.put("height_interval_ms", round(b.heightMs()));
    out.put("messages", b.messages());
    out.put("bytes", b.bytes());
    out.put("proposal_bytes", b.proposalBytes());
    out.put("lower_bound_ms", round(b.lowerBoundMs()));
    out.put("block_transfer_ms", round(b.blockTransferMs()));
    out.put("one_way_delay_ms", round(b.oneWayDelayMs()));
    out.put("finality_over_lower_bound", Math.round(b.ratioToBound() * 1000) / 1000.0);
    out.put("time", "simulated network time; messages and bytes are per height");
    return ExitCodes.OK;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
