package network.pot.cli.consensus;

import picocli.CommandLine;

/** A one-way delay range {@code MIN:MAX} in milliseconds, as given on the command line. */
record LatencyRange(int minMs, int maxMs) {
  LatencyRange {
    if (minMs < 0 || maxMs < minMs || maxMs > 600_000) {
      throw new IllegalArgumentException(
          "latency must be MIN:MAX with 0 <= MIN <= MAX <= 600000 ms, got " + minMs + ":" + maxMs);
    }
  }

  @Override
  public String toString() {
    return minMs + ":" + maxMs;
  }

  /** Parses {@code MIN:MAX} (or a single value for a fixed delay). */
  static final class Converter implements CommandLine.ITypeConverter<LatencyRange> {
    @Override
    public LatencyRange convert(String value) {
      String[] parts = value.split(":", -1);
      try {
        if (parts.length == 1) {
          int v = Integer.parseInt(parts[0].trim());
          return new LatencyRange(v, v);
        }
        if (parts.length == 2) {
          return new LatencyRange(
              Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "expected MIN:MAX in ms, got '" + value + "'");
      }
      throw new CommandLine.TypeConversionException("expected MIN:MAX in ms, got '" + value + "'");
    }
  }
}
