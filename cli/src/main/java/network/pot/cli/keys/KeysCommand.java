package network.pot.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
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

  /** Puts the key's address and public key into {@code o} (never the private key). */
  static int describe(ObjectNode o, KeyPair key) {
    o.put("address", Address.of(key).toString());
    o.put("public_key", key.publicKey().toHex());
    return ExitCodes.OK;
  }

  /** {@code pot keys new}. */
  @Command(
      name = "new",
      header = "Generate a key and write it as an encrypted key file.",
      mixinStandardHelpOptions = true,
      description = "Prints the new key's address and public key as JSON; never the private key.")
  static final class New extends JsonCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file.")
    Path out;

    @picocli.CommandLine.Mixin Passphrase passphrase = new Passphrase();

    @Override
    protected void validate() {
      if (Files.exists(out)) {
        throw new UserException(out + ": already exists; not overwriting a key file");
      }
    }

    @Override
    protected int run(ObjectNode answer, Output progress) throws IOException {
      KeyPair key = KeyPair.generate();
      Keystore.write(out, key, passphrase.read(true), Keystore.ScryptParams.DEFAULT);
      return describe(answer, key);
    }
  }

  /** {@code pot keys show}. */
  @Command(
      name = "show",
      header = "Print a key file's address and public key as JSON.",
      mixinStandardHelpOptions = true,
      description = "Opens the key file with its passphrase; never prints the private key.")
  static final class Show extends JsonCommand {
    @Parameters(paramLabel = "FILE", description = "Key file.")
    Path file;

    @picocli.CommandLine.Mixin Passphrase passphrase = new Passphrase();

    @Override
    protected void validate() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such key file");
      }
    }

    @Override
    protected int run(ObjectNode answer, Output progress) throws IOException {
      return describe(answer, Keystore.read(file, passphrase.read(false)));
    }
  }
}
