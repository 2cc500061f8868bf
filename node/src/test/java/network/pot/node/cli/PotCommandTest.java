package network.pot.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PotCommandTest {
  @Test
  void helpListsCommandsAndExitsZero() {
    StringWriter out = new StringWriter();
    CommandLine cl = PotCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("Usage: pot").contains("bench");
  }

  @Test
  void unknownOptionIsUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = PotCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unknown option");
  }
}
