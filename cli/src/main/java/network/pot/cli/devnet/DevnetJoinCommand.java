package network.pot.cli.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.cli.keys.Passphrase;
import network.pot.cli.node.NodeCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pot devnet join}: runs a node of one's own on a running devnet, signing with one's own
 * key: the way a devnet user operates the validator they created with {@code pot stake
 * create-validator}. The node gets a directory in the devnet's (config, RocksDB, log) and knows
 * every devnet node as a peer; a rerun with the same name resumes it.
 */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a node of your own on the devnet in --data-dir, signing with your key: it",
      "follows the chain, and once your account is an active validator (pot stake",
      "create-validator, then the next epoch) it proposes, votes and verifies training.",
      "Its config, data and log live in DIR/NAME; Ctrl-C stops it, and running the same",
      "command again resumes it."
    })
public final class DevnetJoinCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "runs/devnet",
      paramLabel = "DIR",
      description = "The devnet's directory, as given to `pot devnet` (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "Your encrypted key file: the node signs blocks and votes with it.")
  Path key;

  @Option(
      names = "--passphrase-file",
      required = true,
      paramLabel = "FILE",
      description = "The key's passphrase (first line); the node reads it at every start.")
  Path passphraseFile;

  @Option(
      names = "--name",
      defaultValue = "my-node",
      paramLabel = "NAME",
      description = "The node's name and directory (default: ${DEFAULT-VALUE}).")
  String name;

  @Override
  public Integer call() throws Exception {
    if (!NAME.matcher(name).matches()) {
      throw new UserException(
          "--name must be 1 to 32 lowercase letters, digits or dashes, not " + name);
    }
    if (!DevnetLayout.exists(dir)) {
      throw new UserException(dir + ": no devnet here (start one with `pot devnet`)");
    }
    Passphrase pass = new Passphrase();
    KeyPair k;
    char[] p = pass.read(false, passphraseFile.toString());
    try {
      if (!Files.isRegularFile(key)) {
        throw new UserException(key + ": no such key file");
      }
      k = Keystore.read(key, p);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(key + ": " + e.getMessage(), e);
    } finally {
      java.util.Arrays.fill(p, '\0');
    }
    Output out = Output.of(spec);
    DevnetLayout.Joined joined;
    try {
      joined = DevnetLayout.read(dir).join(name, key, passphraseFile, k);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(
          "cannot set up node " + name + " in " + dir + ": " + e.getMessage(), e);
    }
    out.say(
        "devnet: "
            + name
            + " ("
            + Address.of(k)
            + ") rpc http://"
            + joined.rpc()
            + "/ config "
            + joined.config());
    return NodeCommand.run(out, joined.config());
  }
}
