package network.pot.node.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateMachine;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.InMemoryKeyValueStorage;
import network.pot.consensus.ConsensusConfig;
import network.pot.consensus.ConsensusListener;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.Network;
import network.pot.consensus.Proposal;
import network.pot.consensus.Scheduler;
import network.pot.consensus.Timeout;
import network.pot.consensus.VoteLog;
import network.pot.consensus.crypto.CachingVerifier;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import network.pot.node.Node;

/**
 * Validators that each run the real {@link LedgerApp} under a real {@link ConsensusNode}, on
 * in-memory storage, over a network the test shapes message by message. Time is virtual: it moves
 * from one event (delivery, timer) to the next, ties in insertion order, so a run is a pure
 * function of the genesis, the configuration and the {@link Links}.
 */
final class LedgerCluster {
  /** Blocks a cluster validator can propose: more than any test runs. */
  private static final int REVEALS = 1 << 13;

  private static final java.util.Map<Address, RevealChain> CHAINS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The reveal chain of a cluster validator (kept for the JVM's life). */
  static RevealChain reveals(KeyPair k) {
    return CHAINS.computeIfAbsent(Address.of(k), a -> RevealChain.of(k, REVEALS));
  }

  /** The delay of one delivery in milliseconds, or a negative number to lose it. */
  @FunctionalInterface
  interface Links {
    long delayMs(int from, int to, ConsensusMessage message);
  }

  /** One validator. */
  final class Member {
    final int index;
    final KeyPair key;
    final LedgerApp app;
    final ConsensusNode consensus;

    Member(
        int index,
        KeyPair key,
        KeyPair named,
        Genesis genesis,
        ConsensusConfig config,
        Signer signer) {
      this.index = index;
      this.key = key;
      this.app =
          new LedgerApp(
              "v" + index,
              new StateMachine(genesis.chainId(), FraudProofChecker.NONE),
              ChainStore.open(new InMemoryKeyValueStorage(), genesis),
              new NodeBlockStore(new InMemoryKeyValueStorage(), Node.MAX_PAYLOAD_BYTES),
              new Mempool(genesis.chainId(), 1_000, 100, 16),
              named.publicKey(),
              reveals(named),
              clock,
              Node.MAX_PAYLOAD_BYTES,
              attempt -> {});
      this.consensus =
          new ConsensusNode(
              config,
              signer,
              verifier,
              app,
              app.blocks(),
              new MemoryLog(),
              network(index),
              scheduler(index),
              new ConsensusListener() {
                @Override
                public void onPropose(Proposal p, long nowMillis) {
                  proposedBy.putIfAbsent(p.block().hash(), index);
                }
              },
              "v" + index);
    }

    Address address() {
      return Address.of(key);
    }
  }

  private record Event(long time, long seq, Runnable action) {}

  static final long START_MILLIS = 1_700_000_000_000L;

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(Comparator.comparingLong(Event::time).thenComparingLong(Event::seq));
  private final CachingVerifier verifier = new CachingVerifier(Ed25519Keys.verifier(), 1 << 16);
  private final Links links;
  private final List<Member> members = new ArrayList<>();
  private final Map<Hash, Integer> proposedBy = new HashMap<>();
  private final Genesis genesis;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(START_MILLIS + now);
        }
      };
  private long now;
  private long seq;

  /**
   * @param powers the validators' self-bonds (their voting power), in key order
   */
  LedgerCluster(String chainId, Params params, long[] powers, ConsensusConfig config, Links links) {
    this(chainId, params, powers, config, links, i -> null);
  }

  /**
   * @param headerProposer the validator whose key member {@code i}'s ledger proposes as (naming it
   *     in headers and revealing its chain's values) while consensus signs with member {@code i}'s
   *     own key; null for its own (a lying proposer names another)
   */
  LedgerCluster(
      String chainId,
      Params params,
      long[] powers,
      ConsensusConfig config,
      Links links,
      IntFunction<KeyPair> headerProposer) {
    this.links = links;
    List<KeyPair> keys = new ArrayList<>();
    List<Genesis.InitialValidator> vs = new ArrayList<>();
    List<Genesis.Allocation> accounts = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      KeyPair k = KeyPair.deterministic(chainId + "-validator", i);
      keys.add(k);
      vs.add(new Genesis.InitialValidator(k.publicKey(), powers[i], 0, reveals(k).anchor()));
      accounts.add(new Genesis.Allocation(Address.of(k), 1_000_000));
    }
    this.genesis = new Genesis(chainId, START_MILLIS, accounts, vs, params);
    for (int i = 0; i < powers.length; i++) {
      KeyPair named = headerProposer.apply(i);
      members.add(
          new Member(
              i,
              keys.get(i),
              named == null ? keys.get(i) : named,
              genesis,
              config,
              Ed25519Keys.fromSeed(keys.get(i).exportSeed())));
    }
  }

  List<Member> members() {
    return members;
  }

  Member member(int i) {
    return members.get(i);
  }

  /** The member that first proposed the consensus block with this hash, or null. */
  Integer proposerOf(Hash consensusBlock) {
    return proposedBy.get(consensusBlock);
  }

  long nowMillis() {
    return now;
  }

  void start() {
    for (Member m : members) {
      at(0, m.consensus::start);
    }
  }

  /**
   * Runs events until every member has committed {@code height} or virtual time passes {@code
   * limitMs}; false on the limit.
   */
  boolean runUntilHeight(long height, long limitMs) {
    return runUntilHeight(height, limitMs, i -> true);
  }

  /** As {@link #runUntilHeight(long, long)}, waiting only for the members {@code counted} picks. */
  boolean runUntilHeight(long height, long limitMs, IntPredicate counted) {
    while (!reached(height, counted)) {
      Event e = queue.poll();
      if (e == null || e.time() > limitMs) {
        return false;
      }
      now = e.time();
      e.action().run();
    }
    return true;
  }

  private boolean reached(long height, IntPredicate counted) {
    for (Member m : members) {
      if (counted.test(m.index) && m.app.state().height() < height) {
        return false;
      }
    }
    return true;
  }

  private void at(long time, Runnable r) {
    queue.add(new Event(time, seq++, r));
  }

  private Network network(int from) {
    return new Network() {
      @Override
      public void broadcast(byte[] message) {
        for (int to = 0; to < members.size(); to++) {
          if (to != from) {
            send(to, message);
          }
        }
      }

      @Override
      public void send(int peer, byte[] message) {
        ConsensusMessage m;
        try {
          m = MessageCodec.decode(message, Node.MAX_PAYLOAD_BYTES);
        } catch (DecodeException e) {
          throw new AssertionError(e);
        }
        long d = links.delayMs(from, peer, m);
        if (d >= 0) {
          at(now + d, () -> members.get(peer).consensus.onMessage(from, message));
        }
      }
    };
  }

  private Scheduler scheduler(int node) {
    return new Scheduler() {
      @Override
      public long nowMillis() {
        return now;
      }

      @Override
      public void schedule(long delayMillis, Timeout timeout) {
        at(now + delayMillis, () -> members.get(node).consensus.onTimeout(timeout));
      }
    };
  }

  /** A vote log in memory (these validators never restart). */
  private static final class MemoryLog implements VoteLog {
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void append(Kind kind, ConsensusMessage message) {
      entries.add(new Entry(kind, message));
    }

    @Override
    public List<Entry> replay() {
      return List.copyOf(entries);
    }

    @Override
    public void truncateBelow(long height) {
      entries.removeIf(e -> e.message().height() < height);
    }

    @Override
    public void close() {}
  }
}
