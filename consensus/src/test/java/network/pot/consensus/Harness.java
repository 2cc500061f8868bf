package network.pot.consensus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import network.pot.consensus.wal.FileVoteLog;

/**
 * One real {@link ConsensusNode} under test among four equal-power validators whose keys the test
 * holds, so it can feed the node any proposal or vote. Time is manual: scheduled timeouts are
 * recorded and fired by the test. Sent messages are decoded and recorded.
 */
final class Harness {
  static final String CHAIN = "test-chain";

  final List<Signer> signers = new ArrayList<>();
  final ValidatorSet set;
  final ConsensusConfig config;
  final MemoryBlockStore store = new MemoryBlockStore();
  final Path walPath;
  final int me;
  final List<ConsensusMessage> sent = new ArrayList<>();
  final List<Long> sentTo = new ArrayList<>();
  final List<Timeout> timers = new ArrayList<>();
  final List<Long> delays = new ArrayList<>();
  final List<Evidence> evidence = new ArrayList<>();
  final List<Rejection> rejected = new ArrayList<>();

  /** Validator sets of later epochs; epochs not in the map use {@link #set}. */
  final java.util.Map<Long, ValidatorSet> laterEpochs = new java.util.HashMap<>();

  long now;
  FileVoteLog wal;
  ConsensusNode node;

  /** Whether payloads starting with "later" can be judged yet (then they are valid). */
  boolean laterDecidable;

  /** How often the application judged a payload. */
  int judged;

  /**
   * Payloads starting with "bad" are invalid; those starting with "later" undecided until {@link
   * #laterDecidable}; everything else is valid.
   */
  final Application app =
      new Application() {
        @Override
        public byte[] proposePayload(long height, Hash parent, CommitCertificate lastCommit) {
          return ("block " + height + " by " + me).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public PayloadCheck checkPayload(
            long height, Hash parent, CommitCertificate lastCommit, byte[] payload) {
          judged++;
          String text = new String(payload, StandardCharsets.UTF_8);
          if (text.startsWith("later") && !laterDecidable) {
            return PayloadCheck.undecided("inputs not here yet");
          }
          return text.startsWith("bad") ? PayloadCheck.invalid("bad payload") : PayloadCheck.VALID;
        }

        @Override
        public void commit(ConsensusBlock block, CommitCertificate certificate) {}

        @Override
        public ValidatorSet validatorSet(long epoch) {
          return laterEpochs.getOrDefault(epoch, set);
        }
      };

  Harness(Path dir, int me) throws IOException {
    this(dir, me, 100);
  }

  /** Five keys exist; the first four are the genesis validators. */
  Harness(Path dir, int me, long epochLength) throws IOException {
    this.me = me;
    for (int i = 0; i < 5; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (i + 1);
      signers.add(Ed25519Keys.fromSeed(seed));
    }
    List<ConsensusValidator> vs = new ArrayList<>();
    for (Signer s : signers.subList(0, 4)) {
      vs.add(new ConsensusValidator(s.publicKey(), 1));
    }
    set = new ValidatorSet(vs);
    config = ConsensusConfig.builder().chainId(CHAIN).epochLength(epochLength).build();
    walPath = dir.resolve("node.wal");
    boot();
  }

  private void boot() throws IOException {
    wal = new FileVoteLog(walPath, true);
    Network net =
        new Network() {
          @Override
          public void broadcast(byte[] message) {
            record(message, -1);
          }

          @Override
          public void send(int peer, byte[] message) {
            record(message, peer);
          }
        };
    Scheduler scheduler =
        new Scheduler() {
          @Override
          public long nowMillis() {
            return now;
          }

          @Override
          public void schedule(long delayMillis, Timeout timeout) {
            timers.add(timeout);
            delays.add(delayMillis);
          }
        };
    ConsensusListener listener =
        new ConsensusListener() {
          @Override
          public void onEvidence(Evidence e) {
            evidence.add(e);
          }

          @Override
          public void onRejected(int peer, Rejection reason) {
            rejected.add(reason);
          }
        };
    node =
        new ConsensusNode(
            config,
            signers.get(me),
            Ed25519Keys.verifier(),
            app,
            store,
            wal,
            net,
            scheduler,
            listener,
            "node-" + me);
  }

  private void record(byte[] message, long to) {
    try {
      sent.add(MessageCodec.decode(message, Integer.MAX_VALUE - 16));
      sentTo.add(to);
    } catch (DecodeException e) {
      throw new AssertionError("the node sent malformed bytes", e);
    }
  }

  Harness start() {
    node.start();
    return this;
  }

  /** Simulates a crash: a new node instance over the same vote log file and block store. */
  Harness restart() throws IOException {
    wal.close();
    sent.clear();
    timers.clear();
    delays.clear();
    boot();
    node.start();
    return this;
  }

  ConsensusBlock block(String payload) {
    long h = node.height();
    CommitCertificate last = h == 1 ? null : store.certificate(h - 1).orElseThrow();
    return new ConsensusBlock(
        h, store.lastHash(), last, List.of(), payload.getBytes(StandardCharsets.UTF_8));
  }

  Proposal proposal(int round, int validRound, ConsensusBlock b, List<Vote> polka) {
    int proposer = node.proposer(round);
    return Proposal.sign(CHAIN, signers.get(proposer), round, validRound, b, proposer, polka);
  }

  Vote vote(int validator, VoteType type, int round, Hash hash) {
    return Vote.sign(CHAIN, signers.get(validator), type, node.height(), round, hash, validator);
  }

  /** Votes from every validator except the node under test. */
  void votesFromOthers(VoteType type, int round, Hash hash, int count) {
    int given = 0;
    for (int v = 0; v < node.validators().size() && given < count; v++) {
      if (v != me) {
        deliver(vote(v, type, round, hash));
        given++;
      }
    }
  }

  void deliver(ConsensusMessage m) {
    node.onMessage(0, MessageCodec.encode(m));
  }

  /** The last vote of {@code type} this node sent. */
  Vote lastVote(VoteType type) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i) instanceof Vote v && v.type() == type && v.validator() == me) {
        return v;
      }
    }
    return null;
  }

  /** The vote of {@code type} this node sent in {@code round} of the current height. */
  Vote myVote(VoteType type, int round) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i) instanceof Vote v
          && v.type() == type
          && v.validator() == me
          && v.round() == round
          && v.height() == node.height()) {
        return v;
      }
    }
    return null;
  }

  /** The last proposal this node sent. */
  Proposal lastProposal() {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i) instanceof Proposal p) {
        return p;
      }
    }
    return null;
  }

  /** Fires the latest timer of {@code kind} set for the current height and round. */
  void fire(Timeout.Kind kind) {
    for (int i = timers.size() - 1; i >= 0; i--) {
      Timeout t = timers.get(i);
      if (t.kind() == kind && t.height() == node.height() && t.round() == node.round()) {
        node.onTimeout(t);
        return;
      }
    }
    throw new AssertionError("no " + kind + " timer for h=" + node.height() + " r=" + node.round());
  }

  /** The delay of the latest timer of {@code kind}. */
  long lastDelay(Timeout.Kind kind) {
    for (int i = timers.size() - 1; i >= 0; i--) {
      if (timers.get(i).kind() == kind) {
        return delays.get(i);
      }
    }
    throw new AssertionError("no " + kind + " timer");
  }
}
