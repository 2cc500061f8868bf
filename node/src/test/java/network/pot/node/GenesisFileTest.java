package network.pot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The genesis file: what it writes reads back, and parameters are held to governance's rules. */
class GenesisFileTest {
  @TempDir Path dir;
  private final KeyPair v = KeyPair.deterministic("genesis-file", 0);

  private Genesis genesis(Params p) {
    return new Genesis(
        "pot-file-test",
        1_000,
        List.of(new Genesis.Allocation(Address.of(v), 5_000)),
        List.of(
            new Genesis.InitialValidator(v.publicKey(), 2_000, 100, Hash.sha256(new byte[] {1}))),
        p);
  }

  @Test
  void whatIsWrittenReadsBackToTheSameState() throws IOException {
    Path f = dir.resolve("genesis.json");
    Genesis g = genesis(Params.DEFAULT.with("epochLength", 20));
    Files.writeString(f, GenesisFile.write(g));
    Genesis back = GenesisFile.read(f);
    assertThat(back.state().root()).isEqualTo(g.state().root());
    assertThat(back.validators().get(0).revealAnchor()).isEqualTo(Hash.sha256(new byte[] {1}));
  }

  @Test
  void parametersThatGovernanceCouldNotSetAreRefusedInAGenesisToo() throws IOException {
    Path f = dir.resolve("genesis.json");
    // stake could leave before the evidence against it is accepted
    Files.writeString(
        f,
        GenesisFile.write(
            genesis(Params.DEFAULT.with("unbondingPeriod", 10).with("evidenceMaxAge", 50))));
    assertThatThrownBy(() -> GenesisFile.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unbondingPeriod");
  }

  @Test
  void aValidatorWithoutAProperRevealAnchorIsRefused() throws IOException {
    Path f = dir.resolve("genesis.json");
    Files.writeString(
        f,
        GenesisFile.write(genesis(Params.DEFAULT))
            .replaceAll("\"reveal_anchor\" : \"[0-9a-f]+\"", "\"reveal_anchor\" : 7"));
    assertThatThrownBy(() -> GenesisFile.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("reveal_anchor");
  }
}
