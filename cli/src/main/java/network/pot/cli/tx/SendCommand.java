package network.pot.cli.tx;

import network.pot.chain.tx.Payload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot send}: transfers tokens to an address. */
@Command(
    name = "send",
    header = "Transfer tokens to an address (signs, sends and waits until final).",
    mixinStandardHelpOptions = true)
public final class SendCommand extends SigningCommand {
  @Option(names = "--to", required = true, paramLabel = "ADDR", description = "Recipient.")
  String to;

  @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens to send.")
  long amount;

  @Override
  protected Payload payload() {
    return new Payload.Transfer(Args.address("--to", to), Args.positive("--amount", amount));
  }

  @Override
  protected long spends() {
    return amount;
  }

  @Override
  protected String describe() {
    return "transfer " + amount + " to " + to;
  }
}
