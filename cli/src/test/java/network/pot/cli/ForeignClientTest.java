package network.pot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client in another language, written from {@code docs/encoding.md} and {@code docs/rpc.md} alone
 * ({@code clients/js/transfer.mjs}, Node.js without packages), signs and submits a transfer to a
 * real node in this JVM and reads it back; the Java side checks that the node finalized it and
 * moved exactly its amount. Its self-test rebuilds the golden transfer the documents state, so the
 * documents, the golden vectors and the client agree.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ForeignClientTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CLIENT = ROOT.resolve("clients/js/transfer.mjs");
  private static final long CLIENT_TIMEOUT_SECONDS = 90;

  @TempDir static Path dir;
  private static OneNode one;
  private static Path seedFile;
  private static Address user;

  @BeforeAll
  static void start() throws Exception {
    one = OneNode.start(dir.resolve("node"), List.of(), 2);
    KeyPair key = Keystore.read(one.layout.userKey(), "devnet".toCharArray());
    user = Address.of(key);
    byte[] seed = key.exportSeed();
    seedFile = dir.resolve("user.seed");
    Files.writeString(seedFile, Hex.encode(seed) + "\n");
    Arrays.fill(seed, (byte) 0);
  }

  @AfterAll
  static void stop() {
    if (one != null) {
      one.close();
    }
  }

  /** What one run of the client did: its command line, exit code and output. */
  record Run(List<String> command, int exitCode, String out, String err) {
    /** The last non-empty line of stdout, parsed. */
    JsonNode json() throws Exception {
      String[] lines = out.strip().split("\n", -1);
      return Json.read(lines[lines.length - 1]);
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\nstdout: "
          + out
          + "\nstderr: "
          + err;
    }
  }

  /** Runs {@code node transfer.mjs ARGS...}, failing the test if it does not end in time. */
  private static Run client(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(nodeExecutable().toString(), CLIENT.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "client", ".out");
    Path err = Files.createTempFile(dir, "client", ".err");
    Process p =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(
          "the client did not end within %d s: %s\nstdout: %s\nstderr: %s",
          CLIENT_TIMEOUT_SECONDS,
          String.join(" ", command),
          Files.readString(out),
          Files.readString(err));
    }
    return new Run(
        command,
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Node.js on the PATH; the test fails (it does not skip) when it is missing. */
  private static Path nodeExecutable() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, "node");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail("Node.js (`node`) is not installed: run scripts/setup.sh");
  }

  /** Runs the client's transfer of {@code amount} to {@code to}, signed by the funded user. */
  private static Run transfer(String to, String amount) throws Exception {
    return client(
        "--node", one.url(), "--seed-file", seedFile.toString(), "--to", to, "--amount", amount);
  }

  private static JsonNode account(Address a) throws Exception {
    return one.rpc.call("pot_getAccount", RpcClient.params().put("address", a.toString()));
  }

  @Test
  void theSelfTestRebuildsTheGoldenTransferTheDocumentsState() throws Exception {
    Run run = client("--self-test");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode o = run.json();
    assertThat(o.path("self_test").asText()).as(run.toString()).isEqualTo("ok");
    String encoding = Files.readString(ROOT.resolve("docs/encoding.md"));
    for (String field : List.of("tx", "hash", "signer", "to")) {
      assertThat(encoding)
          .as(field + " in docs/encoding.md; " + run)
          .contains(o.path(field).asText());
    }
    String vectors = Files.readString(ROOT.resolve("chain/src/test/resources/golden/vectors.txt"));
    assertThat(vectors).as(run.toString()).contains("tx.transfer " + o.path("tx").asText() + "\n");
  }

  @Test
  void aTransferTheClientSignsIsFinalAndMovesExactlyItsAmount() throws Exception {
    Address to = Address.of(KeyPair.generate());
    long nonce = account(user).path("nonce").asLong();
    long balance = account(user).path("balance").asLong();
    Run run = transfer(to.toString(), "4321");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).as(run.toString()).isEmpty();
    JsonNode o = run.json();
    String hash = o.path("hash").asText();
    assertThat(hash).as(run.toString()).matches("[0-9a-f]{64}");
    assertThat(o.path("status").asText()).as(run.toString()).isEqualTo("accepted");

    JsonNode tx = one.rpc.call("pot_getTransaction", RpcClient.params().put("hash", hash));
    assertThat(tx.path("status").asText()).as(tx.toString()).isEqualTo("accepted");
    assertThat(tx.path("height").asLong()).as(tx.toString()).isEqualTo(o.path("height").asLong());
    assertThat(tx.path("sender").asText()).as(tx.toString()).isEqualTo(user.toString());
    assertThat(account(to).path("balance").asLong()).isEqualTo(4321);
    assertThat(account(user).path("nonce").asLong()).isEqualTo(nonce + 1);
    assertThat(account(user).path("balance").asLong())
        .isEqualTo(balance - 4321 - tx.path("fee").asLong());
  }

  @Test
  void aTransferBeyondTheBalanceAndABadAddressFailWithOneLineOnStderr() throws Exception {
    Address to = Address.of(KeyPair.generate());
    long nonce = account(user).path("nonce").asLong();
    Run tooMuch = transfer(to.toString(), Long.toString(Long.MAX_VALUE));
    assertThat(tooMuch.exitCode()).as(tooMuch.toString()).isEqualTo(1);
    assertThat(tooMuch.err().strip()).as(tooMuch.toString()).doesNotContain("\n").isNotEmpty();
    assertThat(tooMuch.out()).as(tooMuch.toString()).isEmpty();

    Run badAddress = transfer(to.toString() + "x", "1");
    assertThat(badAddress.exitCode()).as(badAddress.toString()).isEqualTo(2);
    assertThat(badAddress.err().strip()).as(badAddress.toString()).doesNotContain("\n");

    assertThat(account(to).path("balance").asLong()).isZero();
    assertThat(account(user).path("next_nonce").asLong()).isEqualTo(nonce);
  }
}
