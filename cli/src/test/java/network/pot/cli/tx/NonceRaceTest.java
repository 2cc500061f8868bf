package network.pot.cli.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.cli.CliRun;
import network.pot.cli.StubRpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator's own node signs its votes with the key its operator also sends from: the nonce the
 * command was told can be taken before its transaction arrives. The command signs again with the
 * next nonce instead of failing (against a node that refuses the first nonce as taken).
 */
class NonceRaceTest {
  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aNonceTakenMeanwhileIsReplacedByTheNextOne() throws Exception {
    KeyPair key = KeyPair.deterministic("nonce-race", 0);
    Path keyFile = dir.resolve("k.json");
    Path pass = Files.writeString(dir.resolve("pass"), "a passphrase\n");
    Keystore.write(keyFile, key, "a passphrase".toCharArray(), Keystore.ScryptParams.DEFAULT);
    List<Long> sentNonces = new ArrayList<>();
    long[] nextNonce = {7};
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          JsonNode req =
              Json.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          JsonNode p = req.path("params");
          ObjectNode result = Json.object();
          switch (req.path("method").asText()) {
            case "pot_status" -> result.put("chain_id", "race").put("min_fee", 1);
            case "pot_getAccount" ->
                result.put("balance", 1_000_000).put("next_nonce", nextNonce[0]);
            case "pot_sendTransaction" -> {
              SignedTransaction tx;
              try {
                tx = TransactionCodec.decode(Hex.decode(p.path("tx").asText()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              sentNonces.add(tx.body().nonce());
              boolean first = sentNonces.size() == 1;
              // the node's own vote takes nonce 7 between the command's question and its send
              nextNonce[0] = 8;
              result.put("admitted", !first).put("hash", tx.hash().toHex());
              if (first) {
                result.put("rejection", "DUPLICATE");
              } else {
                result.putNull("rejection");
              }
            }
            default -> throw new IllegalStateException(req.toString());
          }
          StubRpc.reply(ex, req.get("id"), result, null);
        });
    server.start();
    String node = "127.0.0.1:" + server.getAddress().getPort();
    CliRun r =
        CliRun.of(
            "send",
            "--to",
            Address.of(KeyPair.deterministic("nonce-race", 1)).toString(),
            "--amount",
            "5",
            "--key",
            keyFile.toString(),
            "--passphrase-file",
            pass.toString(),
            "--node",
            node,
            "--no-wait",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(sentNonces).containsExactly(7L, 8L);
    assertThat(Json.read(r.lastLine()).path("nonce").asLong()).isEqualTo(8);
  }
}
