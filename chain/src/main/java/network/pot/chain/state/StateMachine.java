package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.block.BlockHeader;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.InvalidBlockException.Reason;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.chain.tx.TransactionCodec;

/**
 * The ledger's state transition: {@code apply(state, block) -> state'}, a deterministic function of
 * its inputs (no clock, no I/O; signatures are checked in parallel, which does not change the
 * result).
 *
 * <p>A block runs in three phases. Begin: liveness of the previous commit's signers, and the
 * verifier committees of the proofs committed in the previous block, drawn from this block's hash.
 * Then each transaction in order, in its own scratch state: the envelope (signature, chain id,
 * nonce, fee) and its action; a rejected transaction leaves no trace (no state change, no event),
 * an accepted one pays its fee and bumps the sender's nonce. Every step records {@link Event}s of
 * what it did into the {@link BlockResult}; they are not part of the state. A fraud proof whose
 * inputs this node cannot obtain fails the whole block with a {@linkplain
 * InvalidBlockException#retryable() retryable} exception rather than a guessed outcome, so that the
 * result stays the same on every node. End: reward minting and split, matured unbondings, task
 * settlement, governance tallies, and at epoch boundaries the miner payout and the new validator
 * set.
 */
public final class StateMachine {
  /**
   * Whether a transaction's signature is valid. A node may answer from what it checked already (a
   * transaction's hash covers its signature and signer, so a mempool that admitted the hash has
   * verified it); any answer must equal {@link SignedTransaction#verifySignature()}'s.
   */
  @FunctionalInterface
  public interface SignatureCheck {
    boolean valid(SignedTransaction tx);
  }

  private final String chainId;
  private final FraudProofChecker fraudProofs;
  private final CollabChecker collab;
  private final SignatureCheck signatures;

  public StateMachine(String chainId, FraudProofChecker fraudProofs) {
    this(chainId, fraudProofs, SignedTransaction::verifySignature);
  }

  public StateMachine(String chainId, FraudProofChecker fraudProofs, SignatureCheck signatures) {
    this(chainId, fraudProofs, CollabChecker.NONE, signatures);
  }

  /**
   * A state machine whose collaborative tasks are checked by {@code collab} (which recomputes the
   * global models the ledger records the hashes of).
   */
  public StateMachine(
      String chainId,
      FraudProofChecker fraudProofs,
      CollabChecker collab,
      SignatureCheck signatures) {
    this.chainId = chainId;
    this.fraudProofs = fraudProofs;
    this.collab = collab;
    this.signatures = signatures;
  }

  public String chainId() {
    return chainId;
  }

  /**
   * Checks that a block fits on {@code pre}: chain, height, parent, state root, proposer (an active
   * validator), tx root, time and size. Does not execute transactions.
   */
  public void checkHeader(LedgerState pre, Block block) throws InvalidBlockException {
    BlockHeader h = block.header();
    Globals g = pre.globals();
    if (!h.chainId().equals(chainId)) {
      throw new InvalidBlockException(Reason.WRONG_CHAIN, h.chainId());
    }
    if (h.height() != g.height() + 1) {
      throw new InvalidBlockException(
          Reason.WRONG_HEIGHT, "expected " + (g.height() + 1) + ", got " + h.height());
    }
    if (!h.previousHash().equals(g.lastBlockHash())) {
      throw new InvalidBlockException(Reason.WRONG_PARENT, h.previousHash().toString());
    }
    if (!h.stateRoot().equals(pre.root())) {
      throw new InvalidBlockException(Reason.WRONG_STATE_ROOT, h.stateRoot().toString());
    }
    ActiveSet set = pre.validatorSet();
    if (!set.members().isEmpty() && set.member(h.proposer()) == null) {
      throw new InvalidBlockException(Reason.PROPOSER_NOT_VALIDATOR, h.proposer().toString());
    }
    if (!set.members().isEmpty()) {
      Reveals r = pre.reveals(h.proposer());
      if (r == null || !RevealChain.follows(h.reveal(), r.head())) {
        throw new InvalidBlockException(Reason.WRONG_REVEAL, h.reveal().toString());
      }
    }
    if (h.timeMillis() < g.lastBlockTime()) {
      throw new InvalidBlockException(Reason.TIME_BEFORE_PARENT, Long.toString(h.timeMillis()));
    }
    if (block.transactions().size() > pre.params().maxBlockTxs()) {
      throw new InvalidBlockException(
          Reason.TOO_MANY_TXS, Integer.toString(block.transactions().size()));
    }
    for (SignedTransaction tx : block.transactions()) {
      if (tx.size() > TransactionCodec.MAX_SIZE) {
        throw new InvalidBlockException(Reason.TX_TOO_LARGE, tx.hash().toString());
      }
    }
    if (!Block.txRoot(block.transactions()).equals(h.txRoot())) {
      throw new InvalidBlockException(Reason.WRONG_TX_ROOT, h.txRoot().toString());
    }
  }

  /** Applies a block to {@code pre}; {@code pre} itself is unchanged. */
  public BlockResult apply(LedgerState pre, Block block) throws InvalidBlockException {
    checkHeader(pre, block);
    List<SignedTransaction> txs = block.transactions();
    boolean[] signed = new boolean[txs.size()];
    IntStream.range(0, txs.size())
        .parallel()
        .forEach(i -> signed[i] = signatures.valid(txs.get(i)));

    long height = block.height();
    Hash blockHash = block.hash();
    Params params = pre.params();
    WorkingState ws = new WorkingState(pre);
    Slashing.trackLiveness(ws, params, height, block.header().lastCommit());
    Beacon beacon = reveal(ws, block.header());
    Tasks.seatCommittees(ws, params, height, beacon.value());
    List<Event> blockEvents = new ArrayList<>(ws.takeEvents());

    InvalidBlockException unavailable = null;
    List<Outcome> outcomes = new ArrayList<>(txs.size());
    List<List<Event>> txEvents = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      SignedTransaction tx = txs.get(i);
      if (!signed[i]) {
        outcomes.add(Outcome.BAD_SIGNATURE);
        txEvents.add(List.of());
        continue;
      }
      WorkingState scratch = new WorkingState(ws);
      Outcome o;
      try {
        o = execute(new TxContext(scratch, params, height, blockHash, chainId, tx));
      } catch (ArithmeticException e) {
        o = Outcome.AMOUNT_OVERFLOW;
      } catch (FraudProofChecker.Unavailable e) {
        // the block cannot be judged here now; go through the rest anyway, so that every fraud
        // proof in it gets asked for (a checker that fetches or checks in the background starts
        // them all at once), then refuse it below
        if (unavailable == null) {
          unavailable =
              new InvalidBlockException(
                  Reason.INPUTS_UNAVAILABLE,
                  "transaction " + tx.hash() + " cannot be checked now: " + e.getMessage(),
                  e);
        }
        // keep its fee and nonce (all it changed before the check) so that the sender's later
        // transactions are gone through too
        scratch.takeEvents();
        scratch.commitTo(ws);
        outcomes.add(Outcome.INVALID_FRAUD_PROOF);
        txEvents.add(List.of());
        continue;
      }
      List<Event> events = scratch.takeEvents();
      if (o.ok()) {
        scratch.commitTo(ws);
      }
      outcomes.add(o);
      txEvents.add(o.ok() ? events : List.of());
    }
    if (unavailable != null) {
      throw unavailable;
    }
    endBlock(ws, params, height);
    blockEvents.addAll(ws.takeEvents());
    ws.putGlobals(ws.globals().withBlock(height, blockHash, block.header().timeMillis()));
    Map<Bytes, StateValue> changes = ws.changes();
    return new BlockResult(block, pre.with(changes), outcomes, changes, txEvents, blockEvents);
  }

  /**
   * Begin-block: records the proposer's reveal (checked by {@link #checkHeader}) and mixes it into
   * the beacon, which this block's committees are drawn from.
   */
  private static Beacon reveal(WorkingState ws, BlockHeader h) {
    Reveals r = ws.reveals(h.proposer());
    if (r != null) {
      ws.put(StateKey.reveals(h.proposer()), r.next(h.reveal()));
    }
    Beacon b = ws.beacon().mix(h.reveal());
    ws.put(StateKey.BEACON, b);
    return b;
  }

  private void endBlock(WorkingState ws, Params p, long height) {
    Rewards.distribute(ws, p, height);
    Staking.matureUnbondings(ws, height);
    Tasks.settle(ws, p, height);
    if (height % p.epochLength() == 0) {
      Rewards.payMiners(ws);
      Staking.updateValidatorSet(ws, p, height);
    }
    Governance.close(ws, p, height);
  }

  private Outcome execute(TxContext c) throws FraudProofChecker.Unavailable {
    Transaction body = c.tx().body();
    if (!body.chainId().equals(chainId)) {
      return Outcome.WRONG_CHAIN;
    }
    Account acc = c.ws().account(c.sender());
    if (body.nonce() != acc.nonce()) {
      return Outcome.BAD_NONCE;
    }
    if (body.fee() < c.params().minFee()) {
      return Outcome.FEE_TOO_LOW;
    }
    if (acc.balance() < body.fee()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    c.ws().putAccount(c.sender(), new Account(acc.balance() - body.fee(), acc.nonce() + 1));
    c.ws().emit(Event.of(Event.Type.FEE, c.sender(), body.fee()));
    Globals g = c.ws().globals();
    c.ws()
        .putGlobals(
            g.withPools(g.treasury(), g.minerPool(), Math.addExact(g.feePool(), body.fee())));
    return dispatch(c, body.payload());
  }

  private Outcome dispatch(TxContext c, Payload p) throws FraudProofChecker.Unavailable {
    return switch (p.type()) {
      case TRANSFER -> transfer(c, (Payload.Transfer) p);
      case CREATE_VALIDATOR -> Staking.createValidator(c, (Payload.CreateValidator) p);
      case BOND ->
          c.ws().validator(c.sender()) == null
              ? Outcome.NOT_A_VALIDATOR
              : Staking.delegate(c.ws(), c.sender(), c.sender(), ((Payload.Bond) p).amount());
      case UNBOND ->
          c.ws().validator(c.sender()) == null
              ? Outcome.NOT_A_VALIDATOR
              : Staking.undelegate(c, c.sender(), ((Payload.Unbond) p).amount());
      case EDIT_COMMISSION -> Staking.editCommission(c, (Payload.EditCommission) p);
      case DELEGATE -> {
        Payload.Delegate d = (Payload.Delegate) p;
        yield Staking.delegate(c.ws(), c.sender(), d.validator(), d.amount());
      }
      case UNDELEGATE -> {
        Payload.Undelegate u = (Payload.Undelegate) p;
        yield Staking.undelegate(c, u.validator(), u.amount());
      }
      case REDELEGATE -> Staking.redelegate(c, (Payload.Redelegate) p);
      case WITHDRAW_REWARDS -> Staking.withdraw(c, ((Payload.WithdrawRewards) p).validator());
      case UNJAIL -> Staking.unjail(c);
      case REGISTER_DATASET -> Tasks.registerDataset(c, (Payload.RegisterDataset) p);
      case PUBLISH_TASK -> Tasks.publish(c, (Payload.PublishTask) p);
      case ENROLL_TASK -> Tasks.enroll(c, (Payload.EnrollTask) p);
      case COMMIT_PROOF -> Tasks.commit(c, (Payload.CommitProof) p);
      case VERIFICATION_VOTE -> Tasks.vote(c, (Payload.VerificationVote) p);
      case FRAUD_PROOF -> Tasks.fraud(c, (Payload.FraudProof) p, fraudProofs);
      case SUBMIT_PROPOSAL -> Governance.submit(c, (Payload.SubmitProposal) p);
      case DEPOSIT -> Governance.deposit(c, (Payload.Deposit) p);
      case VOTE -> Governance.vote(c, (Payload.Vote) p);
      case DOUBLE_SIGN_EVIDENCE -> Slashing.doubleSign(c, (Payload.DoubleSignEvidence) p);
      case PUBLISH_COLLAB_TASK -> CollabTasks.publish(c, (Payload.PublishCollabTask) p, collab);
      case COMMIT_CONTRIBUTION -> CollabTasks.commit(c, (Payload.CommitContribution) p);
      case CONTRIBUTION_VOTE -> CollabTasks.vote(c, (Payload.ContributionVote) p);
      case CLOSE_ROUND -> CollabTasks.close(c, (Payload.CloseRound) p, collab);
      case CONTRIBUTION_FRAUD_PROOF ->
          CollabTasks.fraud(c, (Payload.ContributionFraudProof) p, collab);
    };
  }

  private static Outcome transfer(TxContext c, Payload.Transfer t) {
    if (t.amount() <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (c.ws().account(c.sender()).balance() < t.amount()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    c.ws().debit(c.sender(), t.amount());
    c.ws().credit(t.to(), t.amount());
    c.ws().emit(Event.of(Event.Type.TRANSFER, c.sender(), t.to(), t.amount()));
    return Outcome.OK;
  }
}
