package network.pot.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.SignatureVerifier;
import network.pot.consensus.crypto.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's BFT state machine: Tendermint's algorithm (Buchman, Kwon, Milosevic, "The latest
 * gossip on BFT consensus", 2018) with stake-weighted quorums.
 *
 * <p>Per height the node runs rounds of propose, prevote and precommit. A node prevotes a proposal
 * only if it is valid and the node is not locked on another block (or the proposal carries a valid
 * round at or after the lock, backed by a quorum of prevotes); it precommits and locks when it sees
 * a quorum of prevotes for a block; a quorum of precommits for a block it holds makes that block
 * final, and those precommits become the commit certificate that the next block carries, grown by
 * the precommits for that block that arrive while the next proposer waits out its block interval
 * (so that a validator that is merely slower than the quorum still counts as live). Timeouts grow
 * with the round; a node that sees more than a third of the power in a later round jumps to it.
 * Proposers rotate by voting power; the validator set is fixed within an epoch, except that a
 * member the ledger jails loses its power (its votes and its turns to propose) from the next
 * height. Two signed votes by one validator for the same slot become {@link Evidence}, which
 * proposers put in blocks. Everything the node signs goes to the {@link VoteLog} before it is sent.
 *
 * <p>Threading: all methods must be called from one thread (the node's event queue); the class
 * holds no locks. Every input is a message, a timeout or {@link #start()}; every output goes
 * through {@link Network}, {@link Scheduler}, {@link Application} and the listener, so the node is
 * a deterministic function of its inputs.
 */
public final class ConsensusNode {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusNode.class);

  /** The step of the current round. */
  public enum Step {
    PROPOSE,
    PREVOTE,
    PRECOMMIT
  }

  private final ConsensusConfig config;
  private final Signer signer;
  private final byte[] publicKey;
  private final SignatureVerifier verifier;
  private final Application app;
  private final BlockStore store;
  private final VoteLog wal;
  private final Network network;
  private final Scheduler scheduler;
  private final ConsensusListener listener;
  private final String id;
  private final BlockCheck blockCheck;

  private final TreeMap<Long, ValidatorSet> epochs = new TreeMap<>();
  private final TreeMap<Long, ValidatorSet> heights = new TreeMap<>();
  private final Map<String, Evidence> pendingEvidence = new LinkedHashMap<>();
  private final Map<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
  private final Map<Integer, Long> lastServedSync = new HashMap<>();
  private final Map<Integer, Long> lastServedHeight = new HashMap<>();
  private final Map<Integer, Long> lastHelped = new HashMap<>();
  private final Map<Integer, Integer> futureFrom = new HashMap<>();
  private final Map<Integer, Integer> futureProposalsFrom = new HashMap<>();
  private final Map<Long, byte[]> encodedSync =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > SYNC_CACHE;
        }
      };

  private boolean started;
  private long height;
  private int round;
  private Step step;
  private ValidatorSet validators;
  private ProposerRotation rotation;
  private ValidatorSet epochMembers;
  private long epochFirstHeight;
  private int myIndex;

  private ConsensusBlock lockedValue;
  private int lockedRound;
  private ConsensusBlock validValue;
  private int validRound;

  private TreeMap<Integer, RoundState> rounds;
  private Map<Hash, Boolean> validity;
  private Map<Hash, Long> undecidedAt;
  private Map<Integer, ConsensusMessage> signed;
  private List<Pending> future = new ArrayList<>();

  /**
   * The certificate of the previous height, grown by the precommits for its block that arrived
   * after this node decided (Tendermint's LastCommit): what this node's next block carries, so that
   * the ledger counts a validator whose precommit was late but within the commit wait.
   */
  private CommitCertificate lastCommit;

  private long highestSeenHeight;
  private int aheadPeer = -1;
  private long lastSyncRequestAt = Long.MIN_VALUE / 2;
  private long enteredHeightAt;

  private record Pending(int from, ConsensusMessage message) {}

  /** Encoded sync responses kept, so that repeated requests cost no re-encoding. */
  private static final int SYNC_CACHE = 8;

  /** Next-height proposals buffered per peer (an honest one sends its own and a locked one). */
  private static final int FUTURE_PROPOSALS_PER_PEER = 2;

  /**
   * A node. {@code signer} holds this node's validator key; the node votes in epochs whose set
   * contains that key and follows otherwise.
   */
  public ConsensusNode(
      ConsensusConfig config,
      Signer signer,
      SignatureVerifier verifier,
      Application app,
      BlockStore store,
      VoteLog wal,
      Network network,
      Scheduler scheduler,
      ConsensusListener listener,
      String id) {
    this.config = config;
    this.signer = signer;
    this.publicKey = signer.publicKey();
    this.verifier = verifier;
    this.app = app;
    this.store = store;
    this.wal = wal;
    this.network = network;
    this.scheduler = scheduler;
    this.listener = listener;
    this.id = id;
    this.blockCheck = new BlockCheck(config, verifier, app, this::validatorsAt, store::firstHeight);
  }

  // ---------------------------------------------------------------- inputs

  /** Starts (or restarts) at the height after the store's last block, replaying the vote log. */
  public void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    enterHeight(store.lastHeight() + 1);
    int resumeRound = recoverFromLog();
    startRound(resumeRound);
    stepRound();
  }

  /** An encoded message from transport peer {@code from}. */
  public void onMessage(int from, byte[] bytes) {
    if (bytes.length > config.maxMessageBytes()) {
      reject(from, Rejection.OVERSIZE);
      return;
    }
    ConsensusMessage m;
    try {
      m = MessageCodec.decode(bytes, config.maxPayloadBytes());
    } catch (DecodeException e) {
      reject(from, Rejection.MALFORMED);
      return;
    }
    handle(from, m);
  }

  /** A timer set by this node expired. */
  public void onTimeout(Timeout t) {
    if (t.height() != height) {
      return;
    }
    switch (t.kind()) {
      case PROPOSE -> {
        if (t.round() == round && step == Step.PROPOSE) {
          castVote(VoteType.PREVOTE, null);
        }
      }
      case PREVOTE -> {
        if (t.round() == round && step == Step.PREVOTE) {
          castVote(VoteType.PRECOMMIT, null);
        }
      }
      case PRECOMMIT -> {
        if (t.round() == round) {
          startRound(round + 1);
        }
      }
      case RETRANSMIT -> {
        if (t.round() == round) {
          retransmit();
        }
      }
      case BUILD -> {
        if (t.round() == 0
            && round == 0
            && step == Step.PROPOSE
            && signed.get(slot(0, 0)) == null) {
          propose(0);
        }
      }
    }
    if (highestSeenHeight > height) {
      requestSync();
    }
    stepRound();
  }

  // ---------------------------------------------------------------- observers

  /** The height being decided. */
  public long height() {
    return height;
  }

  /** The current round. */
  public int round() {
    return round;
  }

  /** The current step. */
  public Step step() {
    return step;
  }

  /** The round of the current lock, -1 when unlocked. */
  public int lockedRound() {
    return lockedRound;
  }

  /** The block this node is locked on, or null. */
  public ConsensusBlock lockedValue() {
    return lockedValue;
  }

  /** The round of the latest block seen with a prevote quorum, -1 if none. */
  public int validRound() {
    return validRound;
  }

  /** This node's index in the current validator set, -1 when it is not a validator. */
  public int validatorIndex() {
    return myIndex;
  }

  /** The current validator set. */
  public ValidatorSet validators() {
    return validators;
  }

  /**
   * The proposer of (current height, {@code r}): the epoch's rotation at step {@code (height -
   * first height of the epoch) + r}, or the first member after that step that still holds power at
   * this height (a member jailed within the epoch loses its turns with its power).
   */
  public int proposer(int r) {
    for (long s = height - epochFirstHeight + r; ; s++) {
      int p = rotation.proposerAt(s);
      if (validators.hasPower(p)) {
        return p;
      }
    }
  }

  /** Counts of rejected messages by reason. */
  public Map<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  /** Evidence detected and not yet committed, in detection order. */
  public List<Evidence> pendingEvidence() {
    return new ArrayList<>(pendingEvidence.values());
  }

  // ---------------------------------------------------------------- message handling

  private void handle(int from, ConsensusMessage m) {
    if (m instanceof SyncRequest r) {
      onSyncRequest(from, r);
      return;
    }
    if (m instanceof SyncResponse s) {
      onSyncResponse(from, s);
      return;
    }
    long h = m.height();
    if (h < height) {
      if (!(m instanceof Vote v && addLatePrecommit(from, v))) {
        reject(from, Rejection.OLD_HEIGHT);
      }
      helpBehindPeer(from, h);
      return;
    }
    if (h > height) {
      onAhead(from, m);
      return;
    }
    int r = m instanceof Proposal p ? p.round() : ((Vote) m).round();
    if (r < round) {
      helpLaggard(from, r);
    }
    if (m instanceof Proposal p) {
      onProposal(from, p);
    } else {
      onVote(from, (Vote) m);
    }
  }

  /**
   * A message for a later height. Its signature is checked against this height's keys first: no
   * unverified message is buffered or believed about how far the network is (a forged height would
   * make this node ask a liar for blocks), except at an epoch boundary, where the next height's
   * keys are not known yet and only the per-peer caps protect the buffer. Next-height messages are
   * kept for replay after the commit, at most {@link ConsensusConfig#maxFutureMessages()} in all,
   * 16 per validator (at least 64) per peer, and {@link #FUTURE_PROPOSALS_PER_PEER} proposals (the
   * large ones) per peer.
   */
  private void onAhead(int from, ConsensusMessage m) {
    long h = m.height();
    boolean verified = verifiesWithCurrentKeys(m);
    boolean sameEpoch = (h - 1) / config.epochLength() == (height - 1) / config.epochLength();
    if (!verified && sameEpoch) {
      reject(from, Rejection.BAD_SIGNATURE);
      return;
    }
    if (h != height + 1) {
      // a later epoch's keys are not known here: its heights are believed unverified, as the next
      // height's are at a boundary (asking for blocks costs little, and what comes back carries a
      // quorum certificate); within this epoch only a verified message says the network is ahead
      if (verified || !sameEpoch) {
        noteAhead(from, h);
      }
      reject(from, Rejection.FUTURE_HEIGHT);
      return;
    }
    // the next height: believed unverified only at an epoch boundary, where it is all one can know
    noteAhead(from, h);
    int perPeer = Math.max(64, 16 * validators.size());
    boolean proposal = m instanceof Proposal;
    if (future.size() >= config.maxFutureMessages()
        || futureFrom.getOrDefault(from, 0) >= perPeer
        || (proposal && futureProposalsFrom.getOrDefault(from, 0) >= FUTURE_PROPOSALS_PER_PEER)) {
      reject(from, Rejection.BUFFER_FULL);
      return;
    }
    futureFrom.merge(from, 1, Integer::sum);
    if (proposal) {
      futureProposalsFrom.merge(from, 1, Integer::sum);
    }
    future.add(new Pending(from, m));
  }

  private boolean verifiesWithCurrentKeys(ConsensusMessage m) {
    if (m instanceof Vote v) {
      return validators.contains(v.validator()) && v.verify(config.chainId(), validators, verifier);
    }
    return m instanceof Proposal p && p.verify(config.chainId(), validators, verifier);
  }

  /**
   * A peer still in an earlier round of this height may be missing what this node signed there (the
   * network can lose messages): send it again, at most once per retransmit interval.
   */
  private void helpLaggard(int peer, int peerRound) {
    long now = scheduler.nowMillis();
    Long last = lastHelped.get(peer);
    if (last != null && now - last < config.retransmitMs() / 2) {
      return;
    }
    lastHelped.put(peer, now);
    for (int kind = 0; kind < 3; kind++) {
      ConsensusMessage m = signed.get(slot(peerRound, kind));
      if (m != null) {
        network.send(peer, MessageCodec.encode(m));
      }
    }
  }

  private void onProposal(int from, Proposal p) {
    if (p.round() > round + config.maxRoundLead()) {
      reject(from, Rejection.ROUND_TOO_FAR);
      return;
    }
    if (p.proposer() != proposer(p.round())) {
      reject(from, Rejection.NOT_PROPOSER);
      return;
    }
    RoundState rs = roundState(p.round());
    Hash hash = p.block().hash();
    if (rs.proposals.containsKey(hash)) {
      reject(from, Rejection.DUPLICATE);
      return;
    }
    if (!p.verify(config.chainId(), validators, verifier)) {
      reject(from, Rejection.BAD_SIGNATURE);
      return;
    }
    if (rs.proposal != null) {
      reject(from, Rejection.CONFLICTING_PROPOSAL);
      if (rs.proposals.size() >= RoundState.MAX_PROPOSALS) {
        return;
      }
    } else {
      rs.proposal = p;
    }
    rs.proposals.put(hash, p);
    rs.markSeen(p.proposer());
    relay(from, p);
    if (p.validRound() >= 0) {
      acceptPolka(from, p.polka());
    }
    progress(p.round());
  }

  /** Adds the prevotes a proposal carries to justify its valid round. */
  private void acceptPolka(int from, List<Vote> polka) {
    if (polka.size() > validators.size()) {
      reject(from, Rejection.MALFORMED);
      return;
    }
    for (Vote v : polka) {
      if (validators.hasPower(v.validator())) {
        addVerifiedIfNew(from, v);
      }
    }
  }

  private void onVote(int from, Vote v) {
    if (!validators.hasPower(v.validator())) {
      reject(from, Rejection.UNKNOWN_VALIDATOR);
      return;
    }
    if (v.round() > round + config.maxRoundLead()) {
      reject(from, Rejection.ROUND_TOO_FAR);
      return;
    }
    if (addVerifiedIfNew(from, v)) {
      relay(from, v);
      progress(v.round());
    }
  }

  /** Sends on a message accepted from {@code from} for the first time, when relaying. */
  private void relay(int from, ConsensusMessage m) {
    if (config.relay()) {
      network.relay(from, MessageCodec.encode(m));
    }
  }

  /** Verifies and tallies {@code v} unless held already; a conflicting vote becomes evidence. */
  private boolean addVerifiedIfNew(int from, Vote v) {
    RoundState rs = roundState(v.round());
    VoteTally tally = rs.tally(v.type());
    if (tally.holds(v)) {
      reject(from, Rejection.DUPLICATE);
      return false;
    }
    if (!v.verify(config.chainId(), validators, verifier)) {
      reject(from, Rejection.BAD_SIGNATURE);
      return false;
    }
    Vote existing = tally.first(v.validator());
    if (existing != null) {
      recordEvidence(Evidence.of(existing, v));
    }
    tally.add(v);
    rs.markSeen(v.validator());
    return true;
  }

  /**
   * Adds a precommit for the block this node decided at the previous height, in the deciding round,
   * to the certificate its next block will carry; true when it was such a precommit (whether new or
   * held already). A late precommit is no less a sign of liveness than an early one: the commit
   * wait (the proposer's {@link ConsensusConfig#blockIntervalMs() block interval}) is there for it.
   */
  private boolean addLatePrecommit(int from, Vote v) {
    CommitCertificate c = lastCommit;
    if (c == null
        || v.type() != VoteType.PRECOMMIT
        || v.height() != c.height()
        || v.round() != c.round()
        || !c.blockHash().equals(v.blockHash())) {
      return false;
    }
    ValidatorSet set = validatorsAt(c.height());
    if (!set.hasPower(v.validator())) {
      return false;
    }
    for (Vote held : c.precommits()) {
      if (held.validator() == v.validator()) {
        return true;
      }
    }
    if (!v.verify(config.chainId(), set, verifier)) {
      reject(from, Rejection.BAD_SIGNATURE);
      return true;
    }
    List<Vote> votes = new ArrayList<>(c.precommits());
    votes.add(v);
    lastCommit = new CommitCertificate(c.height(), c.round(), c.blockHash(), votes);
    relay(from, v);
    return true;
  }

  private void recordEvidence(Evidence e) {
    if (pendingEvidence.putIfAbsent(e.key(), e) == null) {
      LOG.debug(
          "{} equivocation by validator {} at h={} r={}",
          id,
          e.validator(),
          e.height(),
          e.first().round());
      listener.onEvidence(e);
    }
  }

  private void reject(int from, Rejection reason) {
    LOG.debug("{} h={} r={} rejected a message from peer {}: {}", id, height, round, from, reason);
    rejections.merge(reason, 1L, Long::sum);
    listener.onRejected(from, reason);
  }

  // ---------------------------------------------------------------- the rules

  /** Applies every rule that a message of round {@code r} may have enabled. */
  private void progress(int r) {
    if (tryDecide(r)) {
      return;
    }
    if (r > round && roundState(r).seenByOneThird()) {
      startRound(r);
    }
    stepRound();
  }

  /** Applies the current round's rules until none fires (each fires at most once per round). */
  private void stepRound() {
    long h = height;
    while (h == height) {
      if (tryDecide(round) || !applyRoundRules()) {
        return;
      }
    }
  }

  /** The rules of the current round; true when one changed the state. */
  private boolean applyRoundRules() {
    RoundState rs = roundState(round);
    Proposal p = rs.proposal;
    if (step == Step.PROPOSE && p != null) {
      ConsensusBlock v = p.block();
      if (p.validRound() == -1) {
        boolean unlocked = lockedRound == -1 || lockedValue.equals(v);
        prevoteOrAnnounceLock(isValid(v) && namesItsProposer(p), unlocked, v);
        return true;
      }
      RoundState vr = rounds.get(p.validRound());
      if (vr != null && vr.prevotes.quorumFor(v.hash())) {
        boolean unlocked = lockedRound <= p.validRound() || lockedValue.equals(v);
        prevoteOrAnnounceLock(isValid(v), unlocked, v);
        return true;
      }
    }
    if (step != Step.PROPOSE && !rs.lockRuleDone) {
      Hash q = rs.prevotes.quorumBlock();
      Proposal withQuorum = q == null ? null : rs.proposals.get(q);
      if (withQuorum != null && isValid(withQuorum.block())) {
        rs.lockRuleDone = true;
        if (step == Step.PREVOTE) {
          lockedValue = withQuorum.block();
          lockedRound = round;
          appendToLog(VoteLog.Kind.LOCKED, withQuorum);
          for (Vote polkaVote : rs.prevotes.votesFor(q)) {
            appendToLog(VoteLog.Kind.LOCKED, polkaVote);
          }
          castVote(VoteType.PRECOMMIT, q);
        }
        validValue = withQuorum.block();
        validRound = round;
        return true;
      }
    }
    if (step == Step.PREVOTE && rs.prevotes.quorumNil()) {
      castVote(VoteType.PRECOMMIT, null);
      return true;
    }
    if (step == Step.PREVOTE && !rs.prevoteTimerSet && rs.prevotes.quorumAny()) {
      rs.prevoteTimerSet = true;
      schedule(Timeout.Kind.PREVOTE);
    }
    if (!rs.precommitTimerSet && rs.precommits.quorumAny()) {
      rs.precommitTimerSet = true;
      schedule(Timeout.Kind.PRECOMMIT);
    }
    return false;
  }

  /**
   * Prevotes {@code v} if it is valid and the lock allows it, else nil. When only the lock stands
   * in the way, the node also re-sends the proposal it is locked on and the prevotes that justify
   * the lock: peers that missed them (a partition, lost messages) learn the locked block and its
   * polka, so that their next proposal can carry it and the rounds converge instead of waiting for
   * this node's turn to propose.
   */
  private void prevoteOrAnnounceLock(boolean valid, boolean unlocked, ConsensusBlock v) {
    castVote(VoteType.PREVOTE, valid && unlocked ? v.hash() : null);
    if (valid && !unlocked) {
      RoundState locked = rounds.get(lockedRound);
      Proposal lockedProposal = locked == null ? null : locked.proposals.get(lockedValue.hash());
      if (lockedProposal != null) {
        network.broadcast(MessageCodec.encode(lockedProposal));
        for (Vote polkaVote : locked.prevotes.votesFor(lockedValue.hash())) {
          network.broadcast(MessageCodec.encode(polkaVote));
        }
      }
    }
  }

  /**
   * The block to re-propose: the one with the prevote quorum in the latest round this node knows of
   * (with its proposal and a valid block), or null. Any such block may be re-proposed: receivers
   * check the polka and their own lock, so the choice only affects how fast rounds converge.
   */
  private Proposal latestPolka() {
    for (var e : rounds.descendingMap().entrySet()) {
      if (e.getKey() >= round || e.getKey() <= validRound) {
        continue;
      }
      Hash q = e.getValue().prevotes.quorumBlock();
      Proposal p = q == null ? null : e.getValue().proposals.get(q);
      if (p != null && isValid(p.block())) {
        return p;
      }
    }
    return null;
  }

  /** Decides when round {@code r} has a precommit quorum for a valid block this node holds. */
  private boolean tryDecide(int r) {
    RoundState rs = rounds.get(r);
    if (rs == null) {
      return false;
    }
    Hash q = rs.precommits.quorumBlock();
    Proposal p = q == null ? null : rs.proposals.get(q);
    if (p == null || !committable(p.block())) {
      return false;
    }
    commit(p.block(), new CommitCertificate(height, r, q, rs.precommits.votesFor(q)));
    return true;
  }

  private void startRound(int r) {
    LOG.debug("{} h={} enters round {}", id, height, r);
    round = r;
    step = Step.PROPOSE;
    if (myIndex >= 0 && proposer(r) == myIndex) {
      long wait =
          r == 0 && signed.get(slot(0, 0)) == null
              ? enteredHeightAt + config.blockIntervalMs() - scheduler.nowMillis()
              : 0;
      if (wait > 0) {
        scheduler.schedule(wait, new Timeout(Timeout.Kind.BUILD, height, 0));
      } else {
        propose(r);
      }
    }
    schedule(Timeout.Kind.PROPOSE);
    schedule(Timeout.Kind.RETRANSMIT);
  }

  /** Builds (or re-sends the already signed) proposal of round {@code r}, as its proposer. */
  private void propose(int r) {
    Proposal p = (Proposal) signed.get(slot(r, 0));
    Proposal known = p == null ? latestPolka() : null;
    if (known != null) {
      validValue = known.block();
      validRound = known.round();
    }
    if (p == null) {
      ConsensusBlock b = validValue != null ? validValue : buildBlock();
      List<Vote> polka =
          validValue == null ? List.of() : roundState(validRound).prevotes.votesFor(b.hash());
      p =
          Proposal.sign(
              config.chainId(), signer, r, validValue != null ? validRound : -1, b, myIndex, polka);
      appendToLog(VoteLog.Kind.SIGNED, p);
      signed.put(slot(r, 0), p);
    }
    network.broadcast(MessageCodec.encode(p));
    listener.onPropose(p, scheduler.nowMillis());
    RoundState rs = roundState(r);
    if (rs.proposal == null) {
      rs.proposal = p;
      rs.proposals.put(p.block().hash(), p);
      rs.markSeen(myIndex);
    }
  }

  /** Re-sends this round's signed messages and asks again for a retry later. */
  private void retransmit() {
    LOG.debug("{} h={} r={} re-sends its messages of the round", id, height, round);
    for (int kind = 0; kind < 3; kind++) {
      ConsensusMessage m = signed.get(slot(round, kind));
      if (m != null) {
        network.broadcast(MessageCodec.encode(m));
      }
    }
    schedule(Timeout.Kind.RETRANSMIT);
  }

  private ConsensusBlock buildBlock() {
    Hash parent = store.lastHash();
    CommitCertificate carried =
        height == 1
            ? null
            : lastCommit != null && lastCommit.height() == height - 1
                ? lastCommit
                : store.certificate(height - 1).orElseThrow();
    List<Evidence> evidence = new ArrayList<>();
    for (Evidence e : pendingEvidence.values()) {
      if (evidence.size() < config.maxEvidencePerBlock() && blockCheck.acceptable(e, height)) {
        evidence.add(e);
      }
    }
    return new ConsensusBlock(
        height, parent, carried, evidence, app.proposePayload(height, parent, carried));
  }

  /** Signs (or, after a restart, re-sends the already signed) vote of this round and step. */
  private void castVote(VoteType type, Hash blockHash) {
    LOG.debug("{} h={} r={} votes {} for {}", id, height, round, type, Vote.shortHex(blockHash));
    step = type == VoteType.PREVOTE ? Step.PREVOTE : Step.PRECOMMIT;
    if (myIndex < 0) {
      return;
    }
    int slot = slot(round, type == VoteType.PREVOTE ? 1 : 2);
    Vote v = (Vote) signed.get(slot);
    if (v == null) {
      v = Vote.sign(config.chainId(), signer, type, height, round, blockHash, myIndex);
      appendToLog(VoteLog.Kind.SIGNED, v);
      signed.put(slot, v);
    } else if (!Objects.equals(v.blockHash(), blockHash)) {
      LOG.debug("{} the vote log holds {}; re-sending it instead of a conflicting vote", id, v);
    }
    network.broadcast(MessageCodec.encode(v));
    RoundState rs = roundState(round);
    if (!rs.tally(type).holds(v)) {
      rs.tally(type).add(v);
      rs.markSeen(myIndex);
    }
  }

  private static int slot(int round, int kind) {
    return Math.multiplyExact(round, 3) + kind;
  }

  private void appendToLog(VoteLog.Kind kind, ConsensusMessage m) {
    try {
      wal.append(kind, m);
    } catch (IOException e) {
      throw new UncheckedIOException(id + " cannot write the vote log; halting", e);
    }
  }

  private void schedule(Timeout.Kind kind) {
    scheduler.schedule(config.timeoutMs(kind, round), new Timeout(kind, height, round));
  }

  // ---------------------------------------------------------------- validity

  /**
   * How often a block the application could not judge yet is judged again, at most: each vote and
   * proposal asks, and judging applies the whole block.
   */
  static final long REJUDGE_UNDECIDED_MS = 200;

  /** Full validity of a block at the current height. */
  private boolean isValid(ConsensusBlock b) {
    return judge(b).valid();
  }

  /**
   * Whether a block a quorum has committed (a commit certificate) can be committed here: unless it
   * is known to be invalid. One this node cannot judge yet is committed all the same; the
   * application waits for what it lacks before it applies it.
   */
  private boolean committable(ConsensusBlock b) {
    Application.PayloadCheck c = judge(b);
    return c.valid() || c.undecided();
  }

  /**
   * The verdict on a block at the current height: computed once per block hash when decided, and
   * again at most every {@link #REJUDGE_UNDECIDED_MS} while the application cannot decide it.
   */
  private Application.PayloadCheck judge(ConsensusBlock b) {
    Boolean decided = validity.get(b.hash());
    if (decided != null) {
      return decided ? Application.PayloadCheck.VALID : Application.PayloadCheck.invalid("");
    }
    long now = scheduler.nowMillis();
    Long at = undecidedAt.get(b.hash());
    if (at != null && now - at < REJUDGE_UNDECIDED_MS) {
      return Application.PayloadCheck.undecided("");
    }
    Application.PayloadCheck c = blockCheck.check(b, height, store.lastHash());
    if (c.undecided()) {
      undecidedAt.put(b.hash(), now);
    } else {
      undecidedAt.remove(b.hash());
      validity.put(b.hash(), c.valid());
    }
    if (!c.valid()) {
      LOG.debug(
          "{} h={} r={} {} block {}: {}",
          id,
          height,
          round,
          c.undecided() ? "undecided" : "invalid",
          b.hash().shortHex(),
          c.reason());
    }
    return c;
  }

  /**
   * Whether a new block names the validator that proposed it (the application decides what naming
   * means; the ledger's header has a proposer field). Needed only for new blocks: a re-proposed one
   * carries a polka, and the first polka for any block includes honest prevotes, given only after
   * this check when the block was new.
   */
  private boolean namesItsProposer(Proposal p) {
    boolean ok =
        app.namesProposer(p.block().payloadUnsafe(), validators.get(p.proposer()).publicKey());
    if (!ok) {
      LOG.debug(
          "{} h={} r={} block {} names another proposer than {}",
          id,
          height,
          p.round(),
          p.block().hash().shortHex(),
          p.proposer());
    }
    return ok;
  }

  // ---------------------------------------------------------------- heights and epochs

  private void commit(ConsensusBlock block, CommitCertificate cert) {
    store.append(block, cert);
    app.commit(block, cert);
    lastCommit = cert;
    for (Evidence e : block.evidence()) {
      pendingEvidence.remove(e.key());
    }
    LOG.debug("{} committed {} in round {}", id, block, cert.round());
    listener.onCommit(block, cert, scheduler.nowMillis());
    long h = block.height() + 1;
    enterHeight(h);
    try {
      wal.truncateBelow(h);
    } catch (IOException e) {
      throw new UncheckedIOException(id + " cannot truncate the vote log; halting", e);
    }
    startRound(0);
    List<Pending> replay = future;
    future = new ArrayList<>();
    futureFrom.clear();
    futureProposalsFrom.clear();
    for (Pending p : replay) {
      handle(p.from(), p.message());
    }
    if (height == h) {
      stepRound();
    }
  }

  private void enterHeight(long h) {
    height = h;
    round = 0;
    step = Step.PROPOSE;
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    rounds = new TreeMap<>();
    validity = new HashMap<>();
    undecidedAt = new HashMap<>();
    signed = new HashMap<>();
    lastHelped.clear();
    long e = (h - 1) / config.epochLength();
    validators = validatorsAt(h);
    if (epochSet(e) != epochMembers) {
      epochMembers = epochSet(e);
      rotation = new ProposerRotation(epochMembers);
      epochFirstHeight = e * config.epochLength() + 1;
      epochs.headMap(e - 2).clear();
    }
    int index = validators.indexOf(publicKey);
    myIndex = index >= 0 && validators.hasPower(index) ? index : -1;
    heights.headMap(h - config.evidenceMaxAge() - 2).clear();
    enteredHeightAt = scheduler.nowMillis();
    listener.onNewHeight(h, enteredHeightAt);
  }

  /** The validators of height {@code h} (their power as of block {@code h - 1}). */
  private ValidatorSet validatorsAt(long h) {
    return heights.computeIfAbsent(
        h,
        k -> {
          long e = (k - 1) / config.epochLength();
          ValidatorSet s = app.validatorSetAt(k, e);
          if (s.size() != epochSet(e).size()) {
            throw new IllegalStateException(
                id + " the validators of height " + k + " are not those of its epoch");
          }
          return s;
        });
  }

  private ValidatorSet epochSet(long e) {
    return epochs.computeIfAbsent(e, app::validatorSet);
  }

  private RoundState roundState(int r) {
    return rounds.computeIfAbsent(r, k -> new RoundState(validators));
  }

  /** Restores signed messages and the lock of the current height; returns the round to resume. */
  private int recoverFromLog() {
    List<VoteLog.Entry> entries;
    try {
      entries = wal.replay();
    } catch (IOException e) {
      throw new UncheckedIOException(id + " cannot read the vote log", e);
    }
    int resume = 0;
    Map<Hash, Proposal> lockedProposals = new HashMap<>();
    for (VoteLog.Entry e : entries) {
      ConsensusMessage m = e.message();
      if (m.height() != height) {
        continue;
      }
      if (e.kind() == VoteLog.Kind.LOCKED && m instanceof Proposal p) {
        lockedProposals.put(p.block().hash(), p);
      } else if (e.kind() == VoteLog.Kind.LOCKED && m instanceof Vote v) {
        VoteTally t = roundState(v.round()).prevotes;
        if (!t.holds(v)) {
          t.add(v);
        }
      } else if (m instanceof Proposal p) {
        signed.put(slot(p.round(), 0), p);
        resume = Math.max(resume, p.round());
      } else if (m instanceof Vote v) {
        signed.put(slot(v.round(), v.type() == VoteType.PREVOTE ? 1 : 2), v);
        resume = Math.max(resume, v.round());
        if (v.type() == VoteType.PRECOMMIT && !v.isNil() && v.round() > lockedRound) {
          Proposal locked = lockedProposals.get(v.blockHash());
          if (locked != null) {
            roundState(locked.round()).proposals.putIfAbsent(v.blockHash(), locked);
            lockedRound = v.round();
            lockedValue = locked.block();
            validRound = lockedRound;
            validValue = lockedValue;
          }
        }
      }
    }
    if (!signed.isEmpty()) {
      LOG.debug(
          "{} resumed h={} r={} from the vote log ({} signed, locked round {})",
          id,
          height,
          resume,
          signed.size(),
          lockedRound);
    }
    return resume;
  }

  // ---------------------------------------------------------------- block sync

  private void noteAhead(int from, long h) {
    if (h > highestSeenHeight) {
      highestSeenHeight = h;
      aheadPeer = from;
    }
    if (h > height + 1) {
      requestSync();
    }
  }

  private void requestSync() {
    long now = scheduler.nowMillis();
    if (aheadPeer < 0 || now - lastSyncRequestAt < config.syncIntervalMs()) {
      return;
    }
    lastSyncRequestAt = now;
    LOG.debug("{} h={} asks peer {} for the committed block", id, height, aheadPeer);
    network.send(aheadPeer, MessageCodec.encode(new SyncRequest(height)));
  }

  /**
   * A peer still at an earlier height may be stuck there (its precommits were enough for this node
   * but it never received enough of the others'): send it the committed block and certificate. Not
   * for the height just finished unless the peer is still on it well after this node moved on, so
   * that ordinary stragglers in a healthy network cost nothing.
   */
  private void helpBehindPeer(int peer, long peerHeight) {
    long now = scheduler.nowMillis();
    if (peerHeight == height - 1 && now - enteredHeightAt < config.retransmitMs() / 2) {
      return;
    }
    serveSync(peer, peerHeight, now, false);
  }

  private void onSyncRequest(int from, SyncRequest r) {
    if (!serveSync(from, r.height(), scheduler.nowMillis(), true)) {
      reject(from, Rejection.RATE_LIMITED);
    }
  }

  /**
   * Sends the committed block at {@code h} to {@code peer}; false when rate-limited. At most one
   * block per sync interval goes to a peer, whatever the height, except that an explicit request
   * for the height right after the last one served is answered at once: a node catching up asks for
   * consecutive heights and gets them as fast as it can check them, while repeated or alternating
   * requests get one answer per interval. The encodings of the last few blocks served are kept, so
   * serving the same block to many peers encodes it once.
   */
  private boolean serveSync(int peer, long h, long now, boolean requested) {
    Long last = lastServedSync.get(peer);
    Long lastHeight = lastServedHeight.get(peer);
    boolean next = requested && lastHeight != null && h == lastHeight + 1;
    if (last != null && now - last < config.syncIntervalMs() && !next) {
      return false;
    }
    byte[] encoded = encodedSync.get(h);
    if (encoded == null) {
      var block = store.block(h);
      var cert = store.certificate(h);
      if (block.isEmpty() || cert.isEmpty()) {
        return true;
      }
      encoded = MessageCodec.encode(new SyncResponse(block.get(), cert.get()));
      encodedSync.put(h, encoded);
    }
    lastServedSync.put(peer, now);
    lastServedHeight.put(peer, h);
    network.send(peer, encoded);
    return true;
  }

  private void onSyncResponse(int from, SyncResponse s) {
    ConsensusBlock b = s.block();
    if (b.height() != height) {
      reject(from, b.height() < height ? Rejection.OLD_HEIGHT : Rejection.FUTURE_HEIGHT);
      return;
    }
    SyncImport r = importSynced(s);
    if (r == SyncImport.BAD_CERTIFICATE) {
      reject(from, Rejection.BAD_CERTIFICATE);
    } else if (r == SyncImport.INVALID_BLOCK) {
      reject(from, Rejection.INVALID_BLOCK);
    }
  }

  /** What {@link #importSynced} did with a block fetched from a peer. */
  public enum SyncImport {
    IMPORTED,
    /** This node has committed that height already. */
    ALREADY_HAVE,
    /** Not the next height: this node cannot check it yet. */
    NOT_NEXT,
    BAD_CERTIFICATE,
    INVALID_BLOCK
  }

  /**
   * Commits a finalized block fetched by range sync, if it is the next height, its certificate
   * holds a quorum of this height's validators and the application accepts it. Call on the
   * consensus thread (through the service).
   */
  public SyncImport importSynced(SyncResponse s) {
    ConsensusBlock b = s.block();
    if (b.height() < height) {
      return SyncImport.ALREADY_HAVE;
    }
    if (b.height() > height) {
      return SyncImport.NOT_NEXT;
    }
    if (s.certificate().verify(config.chainId(), height, b.hash(), validators, verifier)
        != CommitCertificate.Check.OK) {
      return SyncImport.BAD_CERTIFICATE;
    }
    if (!committable(b)) {
      return SyncImport.INVALID_BLOCK;
    }
    commit(b, s.certificate());
    if (highestSeenHeight > height) {
      lastSyncRequestAt = Long.MIN_VALUE / 2;
      requestSync();
    }
    return SyncImport.IMPORTED;
  }
}
