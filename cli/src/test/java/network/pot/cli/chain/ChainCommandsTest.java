package network.pot.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.Transaction;
import network.pot.chain.tx.VoteOption;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;

class ChainCommandsTest {
  private final CliRun cli = new CliRun();

  @Test
  void decodesATransferAsJson() throws Exception {
    KeyPair alice = KeyPair.deterministic("cli-test", 1);
    KeyPair bob = KeyPair.deterministic("cli-test", 2);
    byte[] tx =
        new Transaction("pot-test", 3, 7, new Payload.Transfer(Address.of(bob), 1234))
            .sign(alice)
            .encode();
    assertThat(cli.run("tx", "decode", Hex.encode(tx))).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("type").asText()).isEqualTo("TRANSFER");
    assertThat(json.get("sender").asText()).isEqualTo(Address.of(alice).toString());
    assertThat(json.get("nonce").asLong()).isEqualTo(3);
    assertThat(json.get("payload").get("to").asText()).isEqualTo(Address.of(bob).toString());
    assertThat(json.get("payload").get("amount").asLong()).isEqualTo(1234);
    assertThat(json.get("signature_valid").asBoolean()).isTrue();
  }

  @Test
  void decodesEveryKindOfPayloadFromStdin() throws Exception {
    KeyPair k = KeyPair.deterministic("cli-test", 3);
    Hash h = Hash.sha256(new byte[] {1});
    ConsensusVote unsigned = new ConsensusVote(5, 0, 2, h, k.publicKey(), Bytes.wrap(new byte[64]));
    List<Payload> payloads =
        List.of(
            new Payload.SubmitProposal(
                "spend", new ProposalAction.TreasurySpend(Address.of(k), 5), 100),
            new Payload.DoubleSignEvidence(unsigned, unsigned),
            new Payload.FraudProof(h, Address.of(k), 2, Bytes.fromHex("c0ffee")),
            new Payload.PublishTask(h, h, 10, 2, 3, 4, 5, 6, 7),
            new Payload.Vote(1, VoteOption.ABSTAIN),
            new Payload.Unjail());
    java.io.InputStream stdin = System.in;
    try {
      for (Payload p : payloads) {
        String hex = Hex.encode(new Transaction("pot-test", 0, 1, p).sign(k).encode());
        System.setIn(
            new java.io.ByteArrayInputStream((hex + "\n").getBytes(StandardCharsets.UTF_8)));
        cli.clearOut();
        assertThat(cli.run("tx", "decode", "-")).as(p.type().name()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.get("type").asText()).isEqualTo(p.type().name());
        assertThat(json.get("payload")).isNotNull();
      }
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void invalidInputIsOneLineAndExitTwo() {
    assertThat(cli.run("tx", "decode", "zz")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("tx", "decode", "00000001")).isEqualTo(ExitCodes.USAGE);
    String e = cli.err().strip();
    assertThat(e.lines().count()).isEqualTo(2);
    assertThat(e).contains("not hex").contains("TRUNCATED").doesNotContain("Exception");
    assertThat(e.lines()).allMatch(l -> l.startsWith("pot tx decode: "), "names the whole command");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void benchLedgerIsReproducible() throws Exception {
    String[] args = {
      "bench", "ledger", "--txs", "300", "--seed", "5", "--accounts", "40", "--block-size", "100"
    };
    assertThat(cli.run(args)).isEqualTo(ExitCodes.OK);
    JsonNode first = new ObjectMapper().readTree(cli.out());
    cli.clearOut();
    assertThat(cli.run(args)).isEqualTo(ExitCodes.OK);
    JsonNode second = new ObjectMapper().readTree(cli.out());
    assertThat(first.get("state_root").asText())
        .hasSize(64)
        .isEqualTo(second.get("state_root").asText());
    assertThat(first.get("accepted").asLong()).isEqualTo(300);
    assertThat(first.get("supply_balanced").asBoolean()).isTrue();
    assertThat(first.get("tx_per_sec").asLong()).isPositive();
  }
}
