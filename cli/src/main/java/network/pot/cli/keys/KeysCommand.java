package network.pot.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.crypto.RevealChain;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pot keys}: creates and inspects account key files (scrypt + AES-GCM keystores). */
@Command(
    name = "keys",
    header = "Create and inspect account key files.",
    mixinStandardHelpOptions = true,
    subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * Prints the key's address and public key (never the private key): as text for a person, or with
   * {@code --json} as one JSON object ({@code address}, {@code public_key}) on the last line.
   */
  static int describe(Output out, boolean json, String what, KeyPair key) {
    ObjectNode o = Json.object();
    o.put("address", Address.of(key).toString());
    o.put("public_key", key.publicKey().toHex());
    // what pot stake create-validator --consensus-key needs beside the public key
    o.put("reveal_anchor", RevealChain.of(key).anchor().toHex());
    String human =
        what
            + "\naddress    "
            + o.path("address").asText()
            + "\npublic key "
            + o.path("public_key").asText()
            + "\nreveal anchor "
            + o.path("reveal_anchor").asText();
    return out.answer(o, json, human, ExitCodes.OK);
  }

  /** {@code pot keys new}. */
  @Command(
      name = "new",
      header = "Generate a key and write it as an encrypted key file.",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the new key's address and public key (with --json as one JSON object with",
        "address and public_key); never the private key. The file is readable by its owner only."
      })
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @picocli.CommandLine.Mixin Passphrase passphrase = new Passphrase();

    @Override
    public Integer call() throws IOException {
      if (Files.exists(out)) {
        throw new UserException(out + ": already exists; not overwriting a key file");
      }
      KeyPair key = KeyPair.generate();
      Keystore.write(out, key, passphrase.read(true), Keystore.ScryptParams.DEFAULT);
      return describe(Output.of(spec), json, "wrote " + out, key);
    }
  }

  /** {@code pot keys show}. */
  @Command(
      name = "show",
      header = "Print a key file's address and public key.",
      mixinStandardHelpOptions = true,
      description = {
        "Opens the key file with its passphrase; never prints the private key. With --json, one",
        "JSON object with address and public_key."
      })
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Key file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @picocli.CommandLine.Mixin Passphrase passphrase = new Passphrase();

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such key file");
      }
      return describe(
          Output.of(spec), json, file.toString(), Keystore.read(file, passphrase.read(false)));
    }
  }
}
