package network.pot.node.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.InvalidBlockException;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Reveals;
import network.pot.chain.state.StateMachine;
import network.pot.chain.store.ChainStore;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TxType;
import network.pot.consensus.Application;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusValidator;
import network.pot.consensus.SyncResponse;
import network.pot.consensus.ValidatorSet;
import network.pot.consensus.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as consensus sees it: a consensus block's payload is one encoded chain {@link Block}
 * (header with state root, tx root, proposer, time and the signers of the parent's certificate;
 * then the transactions). A proposer fills it from the mempool and keeps only transactions the
 * state machine accepts; a validator accepts a payload only when the chain block fits the committed
 * state, names exactly the signers of the certificate the consensus block carries, and every
 * transaction in it is accepted. On commit the block is applied and written to the chain store.
 *
 * <p>A block this node cannot evaluate yet because it lacks inputs (a fraud proof's checkpoints) is
 * not voted for, and left out of its own proposals; once such a block is final, the node applies it
 * again after a pause until the inputs arrive, so finalized blocks always apply.
 *
 * <p>Consensus calls every method on its one thread. Other threads (RPC, workers) read {@link
 * #state()}, an immutable snapshot swapped after each commit.
 */
public final class LedgerApp implements Application {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerApp.class);

  /** Told after each block is applied and stored (on the consensus thread: keep it quick). */
  public interface CommitListener {
    void committed(Block block, BlockResult result);
  }

  /**
   * How long to wait before applying a finalized block again when this node could not evaluate it
   * (inputs it needs are not at hand yet); {@code attempt} counts from 1.
   */
  @FunctionalInterface
  public interface Backoff {
    void pause(int attempt) throws InterruptedException;

    /** Doubling pauses from {@code firstMillis}, at most {@code maxMillis}. */
    static Backoff exponential(long firstMillis, long maxMillis) {
      return attempt -> Thread.sleep(Math.min(maxMillis, firstMillis << Math.min(attempt - 1, 20)));
    }
  }

  /**
   * Longest a proposer's clock may run ahead of ours. Block times feed no randomness (the beacon
   * does), but they date events and rewards, so a proposal far in the future is refused.
   */
  private static final long MAX_CLOCK_DRIFT_MS = 10_000;

  private final String id;
  private final StateMachine machine;
  private final ChainStore chain;
  private final NodeBlockStore blocks;
  private final Mempool mempool;
  private final PublicKey consensusKey;
  private final RevealChain reveals;
  private final Clock clock;
  private final long epochLength;
  private final int maxPayloadBytes;
  private final Backoff backoff;
  private final Map<Long, ValidatorSet> epochs = new ConcurrentHashMap<>();
  private final Map<network.pot.base.crypto.Hash, BlockResult> checked = new HashMap<>();
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private volatile LedgerState head;

  /**
   * @param consensusKey the key this node signs consensus messages with (its blocks name the
   *     validator that registered it as proposer), or null for a node that never proposes
   * @param reveals the proposer's reveal chain, whose next value each of its blocks carries (null
   *     with a null proposer)
   * @param backoff the pause between attempts at a finalized block this node cannot evaluate yet
   */
  public LedgerApp(
      String id,
      StateMachine machine,
      ChainStore chain,
      NodeBlockStore blocks,
      Mempool mempool,
      PublicKey consensusKey,
      RevealChain reveals,
      Clock clock,
      int maxPayloadBytes,
      Backoff backoff) {
    this.id = id;
    this.machine = machine;
    this.chain = chain;
    this.blocks = blocks;
    this.mempool = mempool;
    this.consensusKey = consensusKey;
    this.reveals = reveals;
    this.clock = clock;
    this.epochLength = chain.state().params().epochLength();
    this.maxPayloadBytes = maxPayloadBytes;
    this.backoff = backoff;
    this.head = chain.state();
  }

  public void addListener(CommitListener l) {
    listeners.add(l);
  }

  /** The committed state (an immutable snapshot). */
  public LedgerState state() {
    return head;
  }

  public ChainStore chain() {
    return chain;
  }

  public NodeBlockStore blocks() {
    return blocks;
  }

  public Mempool mempool() {
    return mempool;
  }

  /**
   * Blocks per epoch (the validator set is chosen between epochs, in both layers; within one a
   * jailed member only loses its power, from the next height).
   */
  public long epochLength() {
    return epochLength;
  }

  /**
   * Applies the finalized blocks the consensus log holds beyond the chain store's head (after a
   * crash between the two writes, or after the chain store was lost). Call before consensus starts.
   */
  public void replay() {
    head = chain.state();
    epochs.clear();
    long from = chain.height() + 1;
    long to = blocks.lastHeight();
    for (long h = from; h <= to; h++) {
      SyncResponse e = blocks.entry(h).orElseThrow();
      commit(e.block(), e.certificate());
    }
    if (to >= from) {
      LOG.info("{} replayed blocks {}..{} from the consensus log", id, from, to);
    }
  }

  @Override
  public byte[] proposePayload(long height, Hash parent, CommitCertificate lastCommit) {
    LedgerState pre = head;
    long time = Math.max(clock.millis(), pre.globals().lastBlockTime());
    List<Address> signers = signers(lastCommit);
    List<SignedTransaction> txs =
        mempool.select(
            pre, (int) Math.min(pre.params().maxBlockTxs(), Block.MAX_TXS), maxPayloadBytes / 2);
    for (int attempt = 0; ; attempt++) {
      Block b = build(pre, height, time, signers, txs);
      try {
        BlockResult r = machine.apply(pre, b);
        if (r.allAccepted() || attempt == 3) {
          if (!r.allAccepted()) {
            b = build(pre, height, time, signers, List.of());
            r = machine.apply(pre, b);
          }
          checked.put(b.hash(), r);
          return b.encode();
        }
        List<SignedTransaction> keep = new ArrayList<>();
        List<SignedTransaction> drop = new ArrayList<>();
        java.util.Set<Address> broken = new java.util.HashSet<>();
        for (int i = 0; i < txs.size(); i++) {
          SignedTransaction tx = txs.get(i);
          if (broken.contains(tx.sender())) {
            // a sender's later nonces wait (in the pool) behind a rejected one: they failed here
            // only for the nonce it did not use
            continue;
          }
          if (!r.outcomes().get(i).ok()) {
            drop.add(tx);
            broken.add(tx.sender());
          } else {
            keep.add(tx);
          }
        }
        LOG.debug(
            "{} h={} drops {} rejected transactions from its proposal", id, height, drop.size());
        mempool.prune(pre, drop);
        txs = keep;
      } catch (InvalidBlockException e) {
        if (e.retryable() && txs.stream().anyMatch(LedgerApp::checkedOffChain)) {
          // not wrong, only not checkable here yet: propose without them, keep them pooled, and
          // their senders' later transactions too (they cannot go in ahead of their nonces)
          LOG.info(
              "{} h={} leaves out transactions checked off chain: {}", id, height, e.getMessage());
          java.util.Set<Address> held = new java.util.HashSet<>();
          List<SignedTransaction> keep = new ArrayList<>();
          for (SignedTransaction tx : txs) {
            if (checkedOffChain(tx) || held.contains(tx.sender())) {
              held.add(tx.sender());
            } else {
              keep.add(tx);
            }
          }
          txs = keep;
          continue;
        }
        if (e.reason() == InvalidBlockException.Reason.PROPOSER_NOT_VALIDATOR
            || e.reason() == InvalidBlockException.Reason.WRONG_REVEAL) {
          // jailed within the epoch (consensus still gives this node its turn, the ledger no
          // longer takes its blocks) or its reveal chain used up (logged where the reveal is
          // made): propose a block that peers refuse, and the round moves on
          LOG.info("{} h={} proposes a block peers refuse: {}", id, height, e.getMessage());
          return build(pre, height, time, signers, List.of()).encode();
        }
        throw new IllegalStateException(
            id + " built an invalid block at " + height + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        // a pooled transaction makes the state machine throw: propose an empty block rather than
        // stop consensus, and drop what was selected
        LOG.error(
            "{} h={} applying its own proposal failed; proposing an empty block", id, height, e);
        mempool.prune(pre, txs);
        return build(pre, height, time, signers, List.of()).encode();
      }
    }
  }

  /**
   * Whether the state machine judges the transaction with inputs fetched off chain (fraud proofs; a
   * collaborative task's spec and global models), so that it may be not checkable here yet.
   */
  private static boolean checkedOffChain(SignedTransaction tx) {
    TxType t = tx.body().payload().type();
    return t == TxType.FRAUD_PROOF
        || t == TxType.CONTRIBUTION_FRAUD_PROOF
        || t == TxType.PUBLISH_COLLAB_TASK
        || t == TxType.CLOSE_ROUND;
  }

  private Block build(
      LedgerState pre, long height, long time, List<Address> signers, List<SignedTransaction> txs) {
    return Block.build(
        machine.chainId(),
        height,
        time,
        pre.globals().lastBlockHash(),
        pre.root(),
        proposerIn(pre),
        reveal(pre),
        signers,
        txs);
  }

  /**
   * The validator this node proposes for on {@code pre}: the one whose consensus key it holds (the
   * zero address when none, and its block is refused anyway).
   */
  private Address proposerIn(LedgerState pre) {
    Address a = consensusKey == null ? null : pre.validatorOfConsensusKey(consensusKey);
    return a == null ? Address.of(new byte[Address.SIZE]) : a;
  }

  /**
   * The reveal this node's next block on {@code pre} carries: the value after those it revealed
   * already (zero when it is no validator there, and its block is refused anyway).
   */
  private Hash reveal(LedgerState pre) {
    Address proposer = consensusKey == null ? null : pre.validatorOfConsensusKey(consensusKey);
    Reveals r = proposer == null || reveals == null ? null : pre.reveals(proposer);
    if (r == null) {
      return Hash.ZERO;
    }
    if (r.count() >= reveals.length()) {
      // peers refuse the block and the round moves on; the operator must register a new anchor
      LOG.error(
          "{} has revealed all {} values of its reveal chain: its blocks are refused",
          id,
          reveals.length());
      return Hash.ZERO;
    }
    return reveals.next(r.count());
  }

  @Override
  public PayloadCheck checkPayload(
      long height, Hash parent, CommitCertificate lastCommit, byte[] payload) {
    Block b;
    try {
      b = Block.decode(payload);
    } catch (DecodeException e) {
      return PayloadCheck.invalid("undecodable chain block: " + e.getMessage());
    }
    if (b.height() != height) {
      return PayloadCheck.invalid(
          "chain block height " + b.height() + " in consensus block " + height);
    }
    if (!b.header().lastCommit().equals(signers(lastCommit))) {
      return PayloadCheck.invalid("the block's signer list is not its certificate's");
    }
    if (b.header().timeMillis() > clock.millis() + MAX_CLOCK_DRIFT_MS) {
      return PayloadCheck.invalid("block time is in the future");
    }
    if (checked.containsKey(b.hash())) {
      return PayloadCheck.VALID;
    }
    try {
      BlockResult r = machine.apply(head, b);
      if (!r.allAccepted()) {
        return PayloadCheck.invalid("the block holds rejected transactions");
      }
      checked.put(b.hash(), r);
      return PayloadCheck.VALID;
    } catch (InvalidBlockException e) {
      return e.retryable()
          ? PayloadCheck.undecided(e.getMessage())
          : PayloadCheck.invalid(e.getMessage());
    } catch (RuntimeException e) {
      // a proposal is outside input: whatever it makes the state machine throw, this node votes
      // against it and consensus goes on (the round moves to another proposer)
      LOG.error("{} h={} applying a proposed block failed", id, height, e);
      return PayloadCheck.invalid("applying the block failed: " + e);
    }
  }

  @Override
  public void commit(network.pot.consensus.ConsensusBlock block, CommitCertificate certificate) {
    if (block.height() <= chain.height()) {
      return; // already applied (replayed after a restart)
    }
    Block b;
    try {
      b = Block.decode(block.payload());
    } catch (DecodeException e) {
      throw new IllegalStateException(id + " finalized an undecodable block " + block.height(), e);
    }
    BlockResult r = checked.get(b.hash());
    if (r == null) {
      r = applyFinalized(b);
    }
    chain.commit(r);
    head = r.state();
    checked.clear();
    mempool.prune(head, List.of());
    for (CommitListener l : listeners) {
      try {
        l.committed(b, r);
      } catch (RuntimeException e) {
        LOG.warn("{} commit listener failed at {}", id, block.height(), e);
      }
    }
  }

  /**
   * Applies a finalized block. Two thirds of the validators applied it, so a failure here is either
   * a bug (the node halts) or inputs this node has yet to fetch: then it waits and tries again, for
   * as long as it takes, since it cannot go on without this block's state.
   */
  /** Attempts at applying a finalized block that are logged quietly. */
  private static final int QUIET_ATTEMPTS = 10;

  private BlockResult applyFinalized(Block b) {
    for (int attempt = 1; ; attempt++) {
      try {
        return machine.apply(head, b);
      } catch (InvalidBlockException e) {
        if (!e.retryable()) {
          throw new IllegalStateException(
              id + " cannot apply finalized block " + b.height() + ": " + e.getMessage(), e);
        }
        // a check running in the background takes a few attempts; many more are worth a warning
        if (attempt < QUIET_ATTEMPTS) {
          LOG.debug(
              "{} finalized block {} cannot be applied yet (attempt {}): {}",
              id,
              b.height(),
              attempt,
              e.getMessage());
        } else {
          LOG.warn(
              "{} finalized block {} cannot be applied yet (attempt {}): {}",
              id,
              b.height(),
              attempt,
              e.getMessage());
        }
      }
      try {
        backoff.pause(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            id + " interrupted while waiting to apply finalized block " + b.height(), e);
      }
    }
  }

  @Override
  public ValidatorSet validatorSet(long epoch) {
    return epochs.computeIfAbsent(epoch, this::loadSet);
  }

  /**
   * The epoch's validators, less the power of those the ledger's active set after block {@code
   * height - 1} no longer holds (jailed or tombstoned within the epoch): the ledger refuses their
   * blocks and stops counting them from that height, and so does consensus.
   */
  @Override
  public ValidatorSet validatorSetAt(long height, long epoch) {
    ValidatorSet set = validatorSet(epoch);
    network.pot.chain.state.ActiveSet active = chain.validatorSetAfter(height - 1);
    if (active == null && height - 1 < chain.historyFrom()) {
      // before a state sync's block or pruned: the set within that epoch is not known here, only
      // the epoch's; such heights are only asked of for evidence and certificates of blocks that a
      // quorum decided
      return set;
    }
    if (active == null) {
      throw new IllegalStateException("validator set of height " + height + " asked too early");
    }
    java.util.Set<byte[]> keys = new java.util.TreeSet<>(java.util.Arrays::compare);
    active.members().forEach(m -> keys.add(m.consensusKey().toArray()));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      if (!keys.contains(set.get(i).publicKey())) {
        out.add(i);
      }
    }
    return out.isEmpty() || out.size() == set.size() ? set : set.withoutPower(out);
  }

  /** Whether the chain block's header names the validator whose consensus key this is. */
  @Override
  public boolean namesProposer(byte[] payload, byte[] proposerKey) {
    Block b;
    try {
      b = Block.decode(payload);
    } catch (DecodeException e) {
      return false;
    }
    for (network.pot.chain.state.ActiveSet.Member m : head.validatorSet().members()) {
      if (java.util.Arrays.equals(m.consensusKey().toArray(), proposerKey)) {
        return m.address().equals(b.header().proposer());
      }
    }
    return false;
  }

  private ValidatorSet loadSet(long epoch) {
    network.pot.chain.state.ActiveSet s = chain.validatorSetAfter(epoch * epochLength);
    if (s == null) {
      throw new IllegalStateException(
          "validator set of epoch " + epoch + " asked before its first block");
    }
    return consensusSet(s);
  }

  /** The ledger's active set as consensus sees it: consensus keys and power, in address order. */
  public static ValidatorSet consensusSet(network.pot.chain.state.ActiveSet s) {
    List<ConsensusValidator> vs = new ArrayList<>();
    for (network.pot.chain.state.ActiveSet.Member m : s.members()) {
      vs.add(new ConsensusValidator(m.consensusKey().toArray(), m.power()));
    }
    return new ValidatorSet(vs);
  }

  /** Addresses of the certificate's signers, sorted (what the chain block's header lists). */
  List<Address> signers(CommitCertificate c) {
    if (c == null) {
      return List.of();
    }
    long epoch = (c.height() - 1) / epochLength;
    ValidatorSet set = validatorSet(epoch);
    // a vote is signed by the validator's consensus key; the header names the validator
    Map<Bytes, Address> byKey = new HashMap<>();
    for (network.pot.chain.state.ActiveSet.Member m :
        chain.validatorSetAfter(epoch * epochLength).members()) {
      byKey.put(Bytes.wrap(m.consensusKey().toArray()), m.address());
    }
    List<Address> out = new ArrayList<>();
    for (Vote v : c.precommits()) {
      if (set.contains(v.validator())) {
        out.add(byKey.get(Bytes.wrap(set.get(v.validator()).publicKey())));
      }
    }
    out.sort(null);
    return out;
  }
}
