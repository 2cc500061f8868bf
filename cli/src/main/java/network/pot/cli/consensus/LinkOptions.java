package network.pot.cli.consensus;

import picocli.CommandLine.Option;

/** The simulated links' options, shared by the consensus simulation and benchmark commands. */
final class LinkOptions {
  @Option(
      names = "--latency-ms",
      converter = LatencyRange.Converter.class,
      description =
          "One-way delay range MIN:MAX in ms, drawn per message (default ${DEFAULT-VALUE}).")
  LatencyRange latency = new LatencyRange(30, 300);

  @Option(
      names = "--bandwidth-mbps",
      description = "Capacity of each directed link in Mbit/s (default ${DEFAULT-VALUE}).")
  double bandwidthMbps = 30;
}
