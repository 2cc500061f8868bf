package network.pot.cli.consensus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.consensus.sim.Fault;
import network.pot.consensus.sim.SimConfig;
import network.pot.consensus.sim.SimSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot sim consensus}: runs K seeded simulations of the BFT protocol under faults and checks
 * safety, validity and liveness in each. Exits 3 when any run failed; every failed run is printed
 * with its seed and the command that replays it.
 */
@Command(
    name = "consensus",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate BFT consensus over seeded faulty networks and check safety, validity and"
          + " liveness in every run.",
      "Times are simulated network time. Exit 3 when a run failed."
    })
public final class SimConsensusCommand extends JsonCommand {
  @Option(names = "--validators", description = "Validators per run (default ${DEFAULT-VALUE}).")
  int validators = 4;

  @Option(
      names = "--byzantine",
      description = "Byzantine validators, fewer than a third (default ${DEFAULT-VALUE}).")
  int byzantine = 1;

  @Option(names = "--seeds", description = "Runs, one per seed (default ${DEFAULT-VALUE}).")
  int seeds = 10;

  @Option(names = "--first-seed", description = "Seed of the first run (default ${DEFAULT-VALUE}).")
  long firstSeed = 1;

  @Option(
      names = "--heights",
      description = "Heights every honest node must commit (default ${DEFAULT-VALUE}).")
  int heights = 10;

  @Option(
      names = "--faults",
      description =
          "Comma-separated faults: drop, duplicate, reorder, partition, crash, equivocate,"
              + " conflicting-votes, invalid-proposal, garbage, silent, selective-delay; or all,"
              + " none (default ${DEFAULT-VALUE}).")
  String faults = "all";

  @CommandLine.Mixin LinkOptions links = new LinkOptions();

  @Option(
      names = "--payload-bytes",
      description = "Application payload per block (default ${DEFAULT-VALUE}).")
  int payloadBytes = 1024;

  @Option(
      names = "--ring",
      paramLabel = "K",
      description =
          "Connect each validator only to its K nearest on each side of a ring, a partial mesh"
              + " that consensus relay must cross (default 0: full mesh).")
  int ring = 0;

  @Option(
      names = "--relay",
      description = "Relay consensus messages also in a full mesh (on whenever --ring is given).")
  boolean relay;

  @Override
  protected void validate() {
    if (seeds < 1) {
      throw new UserException("--seeds must be at least 1");
    }
    if (ring < 0 || (ring > 0 && 2 * ring + 1 >= validators)) {
      throw new UserException(
          "--ring must be from 1 to below half the validators (0 for a full mesh), not " + ring);
    }
  }

  @Override
  protected int run(ObjectNode out, Output progress) {
    SimConfig base =
        SimConfig.of(validators, byzantine, heights, firstSeed, Fault.parseList(faults)).toBuilder()
            .latencyMinMs(links.latency.minMs())
            .latencyMaxMs(links.latency.maxMs())
            .bandwidthMbps(links.bandwidthMbps)
            .payloadBytes(payloadBytes)
            .perLinkLatency(true)
            .consensus(SimConfig.simConsensus().toBuilder().relay(relay || ring > 0).build())
            .ringNeighbours(ring)
            .build();
    int[] done = {0};
    SimSuite suite =
        SimSuite.run(
            base,
            firstSeed,
            seeds,
            r -> {
              done[0]++;
              progress.note(
                  String.format(
                      "run %d/%d seed %d: %s",
                      done[0], seeds, r.config().seed(), r.ok() ? "ok" : "FAILED " + r.failure()));
            });
    for (String f : suite.failures()) {
      progress.note(f);
    }
    out.put("validators", validators);
    out.put("byzantine", byzantine);
    out.put("faults", Fault.toList(base.faults()));
    out.put("first_seed", firstSeed);
    out.put("runs", suite.runs());
    out.put("safety_violations", suite.safetyViolations());
    out.put("validity_violations", suite.validityViolations());
    out.put("liveness_failures", suite.livenessFailures());
    out.put("heights_committed", suite.heightsCommitted());
    out.put("median_finality_ms", suite.medianFinalityMs());
    out.put("ring_neighbours", ring);
    out.put("relay", relay || ring > 0);
    out.put(
        "bytes_per_height_per_validator",
        suite.heightsCommitted() == 0 ? 0 : suite.bytes() / suite.heightsCommitted() / validators);
    out.put("evidence", suite.evidence());
    ArrayNode failures = out.putArray("failures");
    suite.failures().forEach(failures::add);
    return suite.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
