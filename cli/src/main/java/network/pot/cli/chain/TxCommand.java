package network.pot.cli.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.DecodeException;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.rpc.json.LedgerViews;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot tx ...}: tools for signed transactions. */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Inspect signed transactions.",
    subcommands = {TxCommand.Decode.class})
public final class TxCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code pot tx decode HEX|-}. */
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description =
          "Decode a canonically encoded signed transaction and print it as JSON "
              + "(with its hash, sender and whether its signature is valid).")
  public static final class Decode extends JsonCommand {
    @Parameters(
        index = "0",
        paramLabel = "HEX|-",
        description = "The transaction bytes in hex, or - to read the hex from stdin.")
    String input;

    @Override
    protected int run(ObjectNode out, Output progress) throws IOException {
      String hex = input.equals("-") ? readStdin(System.in) : input;
      byte[] bytes;
      try {
        bytes = Hex.decode(hex);
      } catch (IllegalArgumentException e) {
        throw new UserException("input is not hex: " + e.getMessage());
      }
      SignedTransaction tx;
      try {
        tx = TransactionCodec.decode(bytes);
      } catch (DecodeException e) {
        throw new UserException("not a valid transaction: " + e.getMessage());
      }
      out.setAll(LedgerViews.transaction(tx));
      return ExitCodes.OK;
    }

    private static String readStdin(InputStream in) throws IOException {
      byte[] all = in.readNBytes(4 * TransactionCodec.MAX_SIZE + 16);
      if (all.length > 4 * TransactionCodec.MAX_SIZE) {
        throw new UserException("input too large for a transaction");
      }
      return new String(all, StandardCharsets.US_ASCII);
    }
  }
}
