package network.pot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;

class PotCommandTest {
  @Test
  void helpListsCommandsAndExitsZero() {
    CliRun cl = new CliRun();
    assertThat(cl.run("--help")).isZero();
    assertThat(cl.out()).contains("Usage: pot").contains("bench");
  }

  @Test
  void unknownOptionIsUsageError() {
    CliRun cl = new CliRun();
    assertThat(cl.run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(cl.err()).contains("Unknown option");
  }
}
