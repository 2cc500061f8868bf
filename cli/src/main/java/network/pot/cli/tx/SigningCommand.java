package network.pot.cli.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.state.Params;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that signs one transaction and sends it through a node: it opens the key file, reads
 * the chain id, minimum fee and the account's next nonce from the node, signs the payload the
 * subclass builds, submits it and (unless {@code --no-wait}) waits until it is in a block: told by
 * a subscription on the node's WebSocket, or polling when the socket cannot be opened. The nonce is
 * read and the transaction admitted under the account's {@link NonceLock}.
 *
 * <p>Exit codes: 0 accepted (or admitted, with {@code --no-wait}); 2 bad input (options, key file,
 * passphrase); 3 refused by the chain (a failed check before sending, an admission refusal, or a
 * failed outcome in the block); 1 the node cannot be reached or did not make it final in time.
 */
public abstract class SigningCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 200;

  /** Polls in a row that find the transaction neither pooled nor in a block: it was dropped. */
  private static final int DROPPED_AFTER_POLLS = 3;

  /**
   * The outcome of a transaction that never reached a block: proposers leave out a transaction that
   * fails when applied and the node drops it from its mempool (the ledger does not say why).
   */
  static final String DROPPED = "DROPPED";

  @Spec private CommandSpec spec;

  @Mixin TxOptions options = new TxOptions();

  /**
   * The payload to sign, from the options; bad input throws {@link UserException}. Built once to
   * check the options before the key is opened, and again after {@link #prepare} to be signed.
   */
  protected abstract Payload payload();

  /**
   * The payload to sign with {@code key}; by default {@link #payload()}. A payload that depends on
   * the signing key (a validator's reveal anchor) overrides this.
   */
  protected Payload payload(KeyPair key) {
    return payload();
  }

  /**
   * Work on the node before the payload is built and signed, once the key is open and the node
   * answers (uploads, chain reads the payload needs). An RPC error stops the command with exit 1
   * unless the command stops it first with a {@link Stop}. Nothing by default.
   */
  protected void prepare(RpcClient node, Output out) throws IOException, Stop {}

  /**
   * Fields the command adds to the answer (the {@code --json} object, which holds the transaction's
   * fields already), once the transaction is settled and before the answer is printed (so {@link
   * #describe()} may use what this learns): {@code acceptedHeight} is the block it was accepted in,
   * or null when it was not waited for or not accepted. Nothing by default.
   */
  protected void annotate(RpcClient node, Long acceptedHeight, ObjectNode answer)
      throws IOException {}

  /** What the transaction does, for people: {@code "transfer 10 to pot1..."}. */
  protected abstract String describe();

  /** What the payload takes from the sender's balance besides the fee (checked before sending). */
  protected long spends() {
    return 0;
  }

  /** Validators the payload names, which must exist ({@code self} is the sender). */
  protected List<Address> validators(Address self) {
    return List.of();
  }

  /** Where a command stops with one line on stderr and an exit code. */
  protected static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    /** Stops with {@code message} and exit {@code code} (one of {@link ExitCodes}). */
    public Stop(String message, int code) {
      super(message);
      this.code = code;
    }
  }

  @Override
  public final Integer call() throws Exception {
    Output out = Output.of(spec);
    try {
      return send(out);
    } catch (Stop s) {
      return out.error(s.getMessage(), s.code);
    }
  }

  private int send(Output out) throws Exception {
    options.validate();
    payload(); // bad options stop here, before the key is opened or the node asked
    String hostPort = options.hostPort();
    KeyPair key = openKey();
    Address self = Address.of(key);
    Node node = new Node(hostPort);

    JsonNode nodeStatus = node.call("pot_status", RpcClient.params());
    String chainId = nodeStatus.path("chain_id").asText();
    long minFee =
        nodeStatus.has("min_fee") ? nodeStatus.path("min_fee").asLong() : Params.DEFAULT.minFee();
    long fee = options.fee == null ? minFee : options.fee;
    if (fee < minFee) {
      throw new UserException("--fee " + fee + " is below the chain's minimum fee " + minFee);
    }
    try {
      prepare(node.rpc, out);
    } catch (RpcClient.RpcException e) {
      throw new Stop(
          "the node at " + node.url() + " answered " + e.getMessage(), ExitCodes.INTERNAL);
    } catch (IOException e) {
      throw node.unreachable(e);
    }
    Payload payload = payload(key);
    for (Address v : validators(self)) {
      if (!node.exists("pot_getValidator", RpcClient.params().put("address", v.toString()))) {
        throw new Stop("unknown validator " + v, ExitCodes.REJECTED);
      }
    }

    SignedTransaction tx;
    NonceLock lock = NonceLock.acquire(options.key);
    try {
      for (int attempt = 1; ; attempt++) {
        JsonNode account =
            node.call("pot_getAccount", RpcClient.params().put("address", self.toString()));
        long balance = account.path("balance").asLong();
        long needs = Math.addExact(spends(), fee);
        if (balance < needs) {
          throw new Stop(
              "insufficient funds: " + self + " holds " + balance + ", needs " + needs,
              ExitCodes.REJECTED);
        }
        tx = new Transaction(chainId, account.path("next_nonce").asLong(), fee, payload).sign(key);
        JsonNode r =
            node.call("pot_sendTransaction", RpcClient.params().put("tx", Hex.encode(tx.encode())));
        if (r.path("admitted").asBoolean()) {
          break;
        }
        String rejection = r.path("rejection").asText();
        // the nonce was taken between asking and sending, by another transaction of this key (the
        // validator's own node votes with it): ask again for the next one
        if (!NONCE_TAKEN.contains(rejection) || attempt == NONCE_ATTEMPTS) {
          throw new Stop(
              "the node refused the transaction: " + refusal(rejection), ExitCodes.REJECTED);
        }
        Thread.sleep(200L * attempt);
      }
    } finally {
      lock.close();
    }

    String hash = tx.hash().toHex();
    JsonNode st = options.noWait ? null : awaitFinal(node, hash);
    boolean accepted = st != null && "accepted".equals(st.path("status").asText());
    ObjectNode answer =
        Json.object()
            .put("hash", hash)
            .put("type", payload.type().name())
            .put("sender", self.toString())
            .put("nonce", tx.body().nonce())
            .put("fee", fee);
    String status = st == null ? "pending" : st.path("status").asText();
    boolean inBlock =
        st != null && !st.path("height").isMissingNode() && !st.path("height").isNull();
    answer.put("status", status);
    if (inBlock) {
      answer.put("height", st.path("height").asLong());
    } else {
      answer.putNull("height");
    }
    if (st == null) {
      answer.putNull("outcome");
    } else {
      answer.put("outcome", st.path("outcome").asText());
      if (st.has("events")) {
        answer.set("events", st.get("events"));
      }
    }
    try {
      annotate(node.rpc, accepted ? st.path("height").asLong() : null, answer);
    } catch (RpcClient.RpcException e) {
      throw new Stop(
          "the node at " + node.url() + " answered " + e.getMessage(), ExitCodes.INTERNAL);
    } catch (IOException e) {
      throw node.unreachable(e);
    }
    String where;
    if (st == null) {
      where = ": admitted, pending";
    } else if (inBlock) {
      where =
          ": "
              + status
              + " at height "
              + st.path("height").asLong()
              + " ("
              + st.path("outcome").asText()
              + ")";
    } else {
      where = ": rejected (dropped: it fails when applied)";
    }
    out.answer(answer, options.json, describe() + where + "\nhash " + hash, ExitCodes.OK);
    if (st != null && !"accepted".equals(status)) {
      String why =
          inBlock
              ? "rejected in block "
                  + st.path("height").asLong()
                  + ": "
                  + st.path("outcome").asText()
              : "dropped by the chain: it fails when applied (for example no such proposal,"
                  + " no stake, nothing to withdraw)";
      return out.error("transaction " + hash + " " + why, ExitCodes.REJECTED);
    }
    return ExitCodes.OK;
  }

  /**
   * Waits until the transaction is final: on the node's WebSocket (a {@code tx} subscription), or
   * by polling when the socket cannot be opened or drops; throws when it is not by the timeout.
   */
  private JsonNode awaitFinal(Node node, String hash) throws Stop, InterruptedException {
    long deadline = System.nanoTime() + options.timeoutSeconds * 1_000_000_000L;
    JsonNode notified = node.awaitFinal(hash, Duration.ofNanos(deadline - System.nanoTime()));
    if (notified != null) {
      String s = notified.path("status").asText();
      if (s.equals("accepted") || s.equals("rejected")) {
        return notified;
      }
      if (s.equals("unknown")) {
        return dropped(hash);
      }
    }
    int unknown = 0;
    while (true) {
      JsonNode st;
      try {
        st = node.call("pot_getTransaction", RpcClient.params().put("hash", hash));
      } catch (Stop e) {
        throw new Stop("transaction " + hash + " was admitted, then " + e.getMessage(), e.code);
      }
      String s = st.path("status").asText();
      if (s.equals("accepted") || s.equals("rejected")) {
        return st;
      }
      // neither pooled nor in a block: a proposer found that it fails and dropped it
      unknown = s.equals("unknown") ? unknown + 1 : 0;
      if (unknown >= DROPPED_AFTER_POLLS) {
        return dropped(hash);
      }
      if (System.nanoTime() > deadline) {
        throw new Stop(
            "transaction "
                + hash
                + " was admitted but is not in a block after "
                + options.timeoutSeconds
                + " s (status "
                + s
                + ")",
            ExitCodes.INTERNAL);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The status of a transaction that left the mempool without reaching a block. */
  private static JsonNode dropped(String hash) {
    return Json.object()
        .put("hash", hash)
        .put("status", "rejected")
        .putNull("height")
        .put("outcome", DROPPED);
  }

  private KeyPair openKey() throws IOException {
    if (!Files.isRegularFile(options.key)) {
      throw new UserException(options.key + ": no such key file");
    }
    char[] passphrase = options.readPassphrase();
    try {
      return Keystore.read(options.key, passphrase);
    } catch (NoSuchFileException e) {
      throw new UserException(options.key + ": no such key file", e);
    } catch (IOException e) {
      throw new UserException(options.key + ": cannot read the key file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserException(options.key + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** Refusals that mean another transaction of the key holds the nonce this one was signed with. */
  private static final java.util.Set<String> NONCE_TAKEN =
      java.util.Set.of("NONCE_USED", "DUPLICATE");

  /** Times a transaction is signed with a fresh nonce after its nonce was taken. */
  private static final int NONCE_ATTEMPTS = 5;

  /** The node's admission refusal, in words. */
  private static String refusal(String rejection) {
    return switch (rejection) {
      case "INSUFFICIENT_FUNDS" -> "insufficient funds for the fee (INSUFFICIENT_FUNDS)";
      case "FEE_TOO_LOW" -> "fee below the chain's minimum (FEE_TOO_LOW)";
      case "WRONG_CHAIN" -> "signed for another chain (WRONG_CHAIN)";
      case "NONCE_USED", "DUPLICATE" -> "already sent (" + rejection + ")";
      case "SENDER_FULL", "POOL_FULL" -> "the node's mempool is full (" + rejection + ")";
      default -> rejection;
    };
  }

  /** The node, with its failures turned into the command's: unreachable is exit 1. */
  private static final class Node {
    private final String hostPort;
    private final RpcClient rpc;

    Node(String hostPort) {
      this.hostPort = hostPort;
      try {
        this.rpc = new RpcClient(hostPort);
      } catch (IllegalArgumentException e) {
        throw new UserException("--node " + hostPort + ": " + e.getMessage(), e);
      }
    }

    JsonNode call(String method, ObjectNode params) throws Stop {
      try {
        return rpc.call(method, params);
      } catch (RpcClient.RpcException e) {
        throw new Stop("the node at " + url() + " answered " + e.getMessage(), ExitCodes.INTERNAL);
      } catch (IOException e) {
        throw unreachable(e);
      }
    }

    /**
     * The transaction's final status from a subscription on the node's WebSocket; null when the
     * socket cannot be opened or drops, or the timeout passes (the caller polls then).
     */
    JsonNode awaitFinal(String hash, Duration timeout) throws InterruptedException {
      try {
        return rpc.awaitTransaction(hash, timeout);
      } catch (IOException e) {
        return null;
      }
    }

    /** Whether a lookup succeeds (an RPC error means what it names does not exist). */
    boolean exists(String method, ObjectNode params) throws Stop {
      try {
        rpc.call(method, params);
        return true;
      } catch (RpcClient.RpcException e) {
        return false;
      } catch (IOException e) {
        throw unreachable(e);
      }
    }

    private Stop unreachable(IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Stop("cannot reach the node at " + url() + ": " + why, ExitCodes.INTERNAL);
    }

    private String url() {
      return "http://" + hostPort;
    }
  }
}
