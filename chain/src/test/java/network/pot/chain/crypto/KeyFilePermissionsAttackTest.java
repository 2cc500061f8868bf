package network.pot.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import network.pot.base.crypto.KeyPair;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: another account on the same host reads a key file and tries passphrases offline, at
 * its leisure. Key files must be readable by their owner alone (0600), from the moment they exist.
 */
@Tag("attack")
class KeyFilePermissionsAttackTest {
  @Test
  void anotherLocalAccountCannotReadAKeyFile(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
        "POSIX permissions");
    Path file = dir.resolve("node.key");
    Keystore.write(
        file,
        KeyPair.deterministic("key-file-attack", 1),
        "a passphrase".toCharArray(),
        new Keystore.ScryptParams(1 << 10, 8, 1));

    assertThat(Files.getPosixFilePermissions(file))
        .as("permissions of a freshly written key file")
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("\"kdf\"");
  }
}
