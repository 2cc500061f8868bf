package network.pot.cli.keys;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Option;

/**
 * Where a key file's passphrase comes from, for every command that opens or writes one: the first
 * line of {@code --passphrase-file}, or else the console. A picocli mixin.
 */
public final class Passphrase {
  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "Read the passphrase from FILE (its first line) instead of the console.")
  Path file;

  /** Reads the passphrase; {@code twice} asks the console for it again, to confirm a new one. */
  public char[] read(boolean twice) throws IOException {
    return read(twice, null);
  }

  /**
   * Reads the passphrase from {@code --passphrase-file}, else from {@code fallbackFile} when it is
   * not null or blank (a file named by the environment), else from the console.
   */
  public char[] read(boolean twice, String fallbackFile) throws IOException {
    Path file = this.file;
    if (file == null && fallbackFile != null && !fallbackFile.isBlank()) {
      file = Path.of(fallbackFile);
    }
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
    if (twice && !Arrays.equals(p, c.readPassword("again: "))) {
      throw new UserException("the passphrases differ");
    }
    return p;
  }
}
