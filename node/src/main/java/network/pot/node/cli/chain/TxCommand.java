package network.pot.node.cli.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import network.pot.chain.codec.DecodeException;
import network.pot.chain.codec.Hex;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.node.cli.ExitCodes;
import network.pot.node.cli.UserException;
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
  public static final class Decode implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "HEX|-",
        description = "The transaction bytes in hex, or - to read the hex from stdin.")
    String input;

    @Override
    public Integer call() throws IOException {
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
      ObjectNode out = ChainJson.MAPPER.createObjectNode();
      out.put("hash", tx.hash().toHex());
      out.put("sender", tx.sender().toString());
      out.put("chain_id", tx.body().chainId());
      out.put("nonce", tx.body().nonce());
      out.put("fee", tx.body().fee());
      out.put("type", tx.body().payload().type().name());
      out.set("payload", ChainJson.MAPPER.valueToTree(tx.body().payload()));
      out.put("signer", tx.signer().toString());
      out.put("signature", tx.signature().toHex());
      out.put("signature_valid", tx.verifySignature());
      out.put("size", tx.size());
      spec.commandLine().getOut().println(ChainJson.MAPPER.writeValueAsString(out));
      spec.commandLine().getOut().flush();
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
