package network.pot.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void newWritesAKeyFileThatShowAndTheKeystoreOpen() throws Exception {
    Path pass = Files.writeString(tmp.resolve("pass"), "correct horse\n");
    Path key = tmp.resolve("key.json");
    CliRun made =
        CliRun.of("keys", "new", "--out", key.toString(), "--passphrase-file", "" + pass, "--json");
    assertThat(made.exitCode()).as(made.err()).isZero();
    JsonNode o = JSON.readTree(made.out());
    KeyPair k = Keystore.read(key, "correct horse".toCharArray());
    assertThat(o.get("address").asText()).isEqualTo(Address.of(k).toString());
    assertThat(o.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("address", "public_key", "reveal_anchor");
    assertThat(o.get("reveal_anchor").asText())
        .isEqualTo(network.pot.chain.crypto.RevealChain.of(k).anchor().toHex());

    CliRun shown =
        CliRun.of("keys", "show", key.toString(), "--passphrase-file", "" + pass, "--json");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(JSON.readTree(shown.out())).isEqualTo(o);
    assertThat(shown.out()).doesNotContain(java.util.HexFormat.of().formatHex(k.exportSeed()));

    // without --json a person reads lines, not JSON
    CliRun text = CliRun.of("keys", "show", key.toString(), "--passphrase-file", "" + pass);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("address    " + Address.of(k))
        .contains("public key " + k.publicKey().toHex())
        .doesNotContain("{");
  }

  @Test
  void badInputIsOneLineOnStderrAndExitTwo() throws Exception {
    Path pass = Files.writeString(tmp.resolve("pass"), "right\n");
    Path wrong = Files.writeString(tmp.resolve("wrong"), "wrong\n");
    Path key = tmp.resolve("key.json");
    assertThat(
            CliRun.of("keys", "new", "--out", "" + key, "--passphrase-file", "" + pass).exitCode())
        .isZero();
    for (CliRun r :
        new CliRun[] {
          CliRun.of("keys", "show", "" + key, "--passphrase-file", "" + wrong),
          CliRun.of("keys", "show", "" + tmp.resolve("none"), "--passphrase-file", "" + pass),
          CliRun.of("keys", "new", "--out", "" + key, "--passphrase-file", "" + pass),
          CliRun.of("keys", "new", "--out", "" + tmp.resolve("k2"), "--passphrase-file", "/nope")
        }) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.out()).isEmpty();
    }
  }
}
