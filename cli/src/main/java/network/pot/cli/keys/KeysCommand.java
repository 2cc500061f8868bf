package network.pot.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
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

  /** Where the passphrase comes from: a file, or else the console. */
  static final class Passphrase {
    @Option(
        names = "--passphrase-file",
        paramLabel = "FILE",
        description = "Read the passphrase from FILE (its first line) instead of the console.")
    Path file;

    char[] read(boolean twice) throws IOException {
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw new UserException(file + ": no such passphrase file");
        }
        String s = Files.readString(file).lines().findFirst().orElse("");
        if (s.isEmpty()) {
          throw new UserException(file + ": empty passphrase");
        }
        return s.toCharArray();
      }
      // On Java 17 there is no console when input or output is redirected: null says so.
      @SuppressWarnings("SystemConsoleNull")
      Console c = System.console();
      if (c == null) {
        throw new UserException("no console to ask the passphrase on; use --passphrase-file");
      }
      char[] p = c.readPassword("passphrase: ");
      if (p == null || p.length == 0) {
        throw new UserException("empty passphrase");
      }
      if (twice && !java.util.Arrays.equals(p, c.readPassword("again: "))) {
        throw new UserException("the passphrases differ");
      }
      return p;
    }
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
