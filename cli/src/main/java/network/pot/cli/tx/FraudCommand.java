package network.pot.cli.tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.tx.Payload;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pot fraud}: challenges of training proofs. */
@Command(
    name = "fraud",
    header = "Challenge a training proof with fraud evidence.",
    mixinStandardHelpOptions = true,
    subcommands = {FraudCommand.Submit.class})
public final class FraudCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code pot fraud submit}. */
  @Command(
      name = "submit",
      header = "Submit evidence that a verdict on a miner's proof is wrong.",
      mixinStandardHelpOptions = true)
  static final class Submit extends SigningCommand {
    @Option(names = "--task", required = true, paramLabel = "ID", description = "Task id (hex).")
    String task;

    @Option(names = "--miner", required = true, paramLabel = "ADDR", description = "The miner.")
    String miner;

    @Option(
        names = "--segment",
        required = true,
        paramLabel = "S",
        description = "Segment the evidence re-executes.")
    int segment;

    @Option(
        names = "--evidence",
        required = true,
        paramLabel = "FILE",
        description = "File holding the evidence bytes.")
    Path evidence;

    @Override
    protected Payload payload() {
      Hash id;
      try {
        id = Hash.fromHex(task);
      } catch (IllegalArgumentException e) {
        throw new UserException("--task " + task + ": not a task id (" + e.getMessage() + ")", e);
      }
      if (segment < 0) {
        throw new UserException("--segment must not be negative");
      }
      if (!Files.isRegularFile(evidence)) {
        throw new UserException(evidence + ": no such evidence file");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(evidence);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (bytes.length > Payload.MAX_EVIDENCE) {
        throw new UserException(
            evidence + ": evidence larger than " + Payload.MAX_EVIDENCE + " bytes");
      }
      return new Payload.FraudProof(id, Args.address("--miner", miner), segment, Bytes.wrap(bytes));
    }

    @Override
    protected String describe() {
      return "fraud proof against " + miner + ", segment " + segment;
    }
  }
}
