package network.pot.rpc.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Account;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Dataset;
import network.pot.chain.state.Delegation;
import network.pot.chain.state.Emission;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Event;
import network.pot.chain.state.GovernanceProposal;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.Redelegation;
import network.pot.chain.state.StateKey;
import network.pot.chain.state.StateView;
import network.pot.chain.state.SupplyAudit;
import network.pot.chain.state.Task;
import network.pot.chain.state.Unbonding;
import network.pot.chain.state.Validator;
import network.pot.chain.store.ChainStore;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.Mempool;

/**
 * The JSON forms of ledger objects, as the JSON-RPC API returns them and the command line prints
 * them: field names in snake_case, addresses as {@code pot1...}, hashes as hex.
 */
public final class LedgerViews {
  private LedgerViews() {}

  /** An account with the nonce its next transaction should carry. */
  public static ObjectNode account(Address address, Account account, long nextNonce) {
    return Json.object()
        .put("address", address.toString())
        .put("balance", account.balance())
        .put("nonce", account.nonce())
        .put("next_nonce", nextNonce);
  }

  /**
   * Where a transaction stands: {@code accepted} or {@code rejected} in a block (with the outcome,
   * height and index), else {@code pending} in the mempool or {@code unknown}.
   */
  public static ObjectNode transactionStatus(
      Hash hash, ChainStore.TxLocation location, boolean pending) {
    ObjectNode o = Json.object().put("hash", hash.toHex());
    if (location == null) {
      o.put("status", pending ? "pending" : "unknown");
    } else {
      o.put("status", location.outcome().ok() ? "accepted" : "rejected")
          .put("outcome", location.outcome().name())
          .put("height", location.height())
          .put("index", location.index());
    }
    return o;
  }

  /**
   * A transaction's status ({@link #transactionStatus}) and, when a block holds it, its body
   * ({@code sender}, {@code nonce}, {@code fee}, {@code type}, {@code payload}) and {@code events}:
   * what it did (empty when rejected; absent when the node has no events stored for its block).
   */
  public static ObjectNode transactionDetail(
      Hash hash,
      ChainStore.TxLocation location,
      boolean pending,
      SignedTransaction tx,
      List<Event> events) {
    ObjectNode o = transactionStatus(hash, location, pending);
    if (tx != null) {
      body(o, tx);
    }
    if (events != null) {
      o.set("events", events(events));
    }
    return o;
  }

  private static void body(ObjectNode o, SignedTransaction tx) {
    o.put("sender", tx.sender().toString());
    o.put("nonce", tx.body().nonce());
    o.put("fee", tx.body().fee());
    o.put("type", tx.body().payload().type().name());
    o.set("payload", ChainJson.MAPPER.valueToTree(tx.body().payload()));
  }

  /** An event: {@code type} and the fields its type names, amounts as exact integers. */
  public static ObjectNode event(Event e) {
    ObjectNode o = Json.object();
    e.fields()
        .forEach(
            (k, v) -> {
              if (v instanceof Long n) {
                o.put(k, n);
              } else {
                o.put(k, String.valueOf(v));
              }
            });
    return o;
  }

  public static ArrayNode events(List<Event> events) {
    ArrayNode a = Json.array();
    events.forEach(e -> a.add(event(e)));
    return a;
  }

  /**
   * One entry of an account's history: {@code cursor}, {@code height}, {@code kind} ({@code
   * transaction} or {@code block}); for a transaction its {@code index}, {@code hash}, {@code
   * status}, {@code outcome} and body; and {@code events}: all of a transaction's, or those of the
   * block's own that name the account.
   */
  public static ObjectNode historyEntry(
      Address account,
      ChainStore.HistoryEntry entry,
      Block block,
      ChainStore.TxLocation location,
      ChainStore.BlockEvents events) {
    ObjectNode o = Json.object().put("cursor", entry.cursor()).put("height", entry.height());
    List<Event> list = List.of();
    if (entry.isBlock()) {
      o.put("kind", "block");
      if (events != null) {
        list = events.block().stream().filter(e -> e.accounts().contains(account)).toList();
      }
    } else {
      o.put("kind", "transaction").put("index", entry.index());
      if (block != null && entry.index() < block.transactions().size()) {
        SignedTransaction tx = block.transactions().get(entry.index());
        o.put("hash", tx.hash().toHex());
        if (location != null) {
          o.put("status", location.outcome().ok() ? "accepted" : "rejected")
              .put("outcome", location.outcome().name());
        }
        body(o, tx);
      }
      if (events != null && entry.index() < events.transactions().size()) {
        list = events.transactions().get(entry.index());
      }
    }
    long delta = 0;
    for (Event e : list) {
      delta = Math.addExact(delta, e.delta(account));
    }
    o.put("balance_change", delta);
    o.set("events", events(list));
    return o;
  }

  /** What the mempool said to a submitted transaction. */
  public static ObjectNode admission(Mempool.Admission a) {
    ObjectNode o = Json.object().put("hash", a.hash().toHex()).put("admitted", a.admitted());
    if (!a.admitted()) {
      o.put("rejection", a.rejection().name());
    }
    return o;
  }

  /**
   * A signed transaction in full: hash, sender, chain, nonce, fee, type, the payload's fields
   * ({@link ChainJson}), signer, signature, whether the signature is valid, and its size.
   */
  public static ObjectNode transaction(SignedTransaction tx) {
    ObjectNode out = Json.object();
    out.put("hash", tx.hash().toHex());
    out.put("sender", tx.sender().toString());
    out.put("chain_id", tx.body().chainId());
    out.put("nonce", tx.body().nonce());
    out.put("fee", tx.body().fee());
    out.put("type", tx.body().payload().type().name());
    out.set("payload", ChainJson.MAPPER.valueToTree(tx.body().payload()));
    out.put("signer", tx.signer().toString());
    out.put("signature", tx.signature().toHex());
    out.put("signature_valid", tx.verifySignature());
    out.put("size", tx.size());
    return out;
  }

  /** A transaction as a block lists it: hash, sender and type. */
  public static ObjectNode transactionSummary(SignedTransaction tx) {
    return Json.object()
        .put("hash", tx.hash().toHex())
        .put("sender", tx.sender().toString())
        .put("type", tx.body().payload().type().name());
  }

  /** The header fields of a block: height, hash, time, previous hash, state root, proposer. */
  public static ObjectNode blockSummary(Block b) {
    return Json.object()
        .put("height", b.height())
        .put("hash", b.hash().toHex())
        .put("time", b.header().timeMillis())
        .put("previous_hash", b.header().previousHash().toHex())
        .put("state_root", b.header().stateRoot().toHex())
        .put("proposer", b.header().proposer().toString());
  }

  /** A block's summary, the signers of its parent's certificate and its transactions. */
  public static ObjectNode block(Block b) {
    ObjectNode o = blockSummary(b);
    ArrayNode signers = o.putArray("last_commit");
    b.header().lastCommit().forEach(a -> signers.add(a.toString()));
    ArrayNode txs = o.putArray("transactions");
    for (SignedTransaction tx : b.transactions()) {
      txs.add(transactionSummary(tx));
    }
    return o;
  }

  /** The active validator set: address, power and whether each is jailed. */
  public static ArrayNode validators(LedgerState s) {
    ArrayNode arr = Json.array();
    for (ActiveSet.Member m : s.validatorSet().members()) {
      var v = s.validator(m.address());
      arr.addObject()
          .put("address", m.address().toString())
          .put("power", m.power())
          .put("jailed", v != null && v.jailed());
    }
    return arr;
  }

  /**
   * Every validator ever created, in address order, none dropped for being jailed or out of the
   * active set: address, {@link #validatorStatus status}, power (0 outside the active set), tokens,
   * commission and whether it is jailed or tombstoned.
   */
  public static ArrayNode allValidators(LedgerState s) {
    ArrayNode arr = Json.array();
    for (Address a : s.validatorAddresses()) {
      Validator v = s.validator(a);
      if (v == null) {
        continue;
      }
      ActiveSet.Member m = s.validatorSet().member(a);
      arr.addObject()
          .put("address", a.toString())
          .put("status", validatorStatus(s, a, v))
          .put("power", m == null ? 0 : m.power())
          .put("tokens", v.tokens())
          .put("commission_bps", v.commissionBps())
          .put("jailed", v.jailed())
          .put("tombstoned", v.tombstoned());
    }
    return arr;
  }

  /**
   * A validator's standing, the worst that holds: {@code tombstoned} (out for good), {@code
   * jailed}, {@code active} (in the active set) or {@code unbonding} (bonded, outside the active
   * set).
   */
  public static String validatorStatus(StateView s, Address address, Validator v) {
    if (v.tombstoned()) {
      return "tombstoned";
    }
    if (v.jailed()) {
      return "jailed";
    }
    return s.validatorSet().member(address) != null ? "active" : "unbonding";
  }

  /**
   * The delegations to {@code validator}, the operator's own among them, in state order: each
   * delegator with its shares, their worth and its pending reward. One pass over the state: the
   * state keeps delegations by delegator, not by validator.
   */
  public static ArrayNode delegators(LedgerState s, Address validator) {
    ArrayNode arr = Json.array();
    Validator v = s.validator(validator);
    if (v == null) {
      return arr;
    }
    byte[] target = validator.toArray();
    s.forEach(
        (key, value) -> {
          if (StateKey.Kind.of(key) != StateKey.Kind.DELEGATION
              || !(value instanceof Delegation d)) {
            return;
          }
          byte[] k = key.unsafeArray();
          int from = 1 + Address.SIZE;
          if (!java.util.Arrays.equals(k, from, from + Address.SIZE, target, 0, Address.SIZE)) {
            return;
          }
          Address delegator = Address.of(java.util.Arrays.copyOfRange(k, 1, 1 + Address.SIZE));
          arr.addObject()
              .put("delegator", delegator.toString())
              .put("shares", d.shares())
              .put("amount", v.tokensOf(d.shares()))
              .put("pending_reward", Math.min(d.pendingReward(v), v.rewardPool()));
        });
    return arr;
  }

  /** One validator's stake and standing; {@code s.validator(address)} must exist. */
  public static ObjectNode validator(LedgerState s, Address address) {
    var v = s.validator(address);
    Delegation own = s.delegation(address, address);
    return Json.object()
        .put("address", address.toString())
        .put("status", validatorStatus(s, address, v))
        .put("self_bond", own == null ? 0 : v.tokensOf(own.shares()))
        .put("tokens", v.tokens())
        .put("jailed", v.jailed())
        .put("tombstoned", v.tombstoned())
        .put("active", s.validatorSet().member(address) != null)
        .put("commission_bps", v.commissionBps())
        .put("missed_blocks", v.missedBlocks())
        .put("shares", v.shares())
        .put("jailed_until", v.jailedUntil())
        .put("commission_pool", v.commissionPool());
  }

  /**
   * The supply audit (where every token is, and whether they add up) and the emission schedule: the
   * cap, what the next block mints, and when the per-block rate next falls.
   */
  public static ObjectNode supply(LedgerState s) {
    SupplyAudit a = SupplyAudit.of(s);
    Params p = s.params();
    long next = s.height() + 1;
    long minted = Emission.issuance(p, next, a.supply());
    long change = minted == 0 ? 0 : Emission.nextChangeHeight(p, next);
    ObjectNode o =
        Json.object()
            .put("supply", a.supply())
            .put("balances", a.balances())
            .put("bonded", a.bonded())
            .put("unbonding", a.unbonding())
            .put("escrow", a.escrow())
            .put("unpaid_rewards", a.unpaidRewards())
            .put("treasury", a.treasury())
            .put("conserved", a.balanced())
            .put("cap", p.supplyCap())
            .put("remaining", Math.max(0, p.supplyCap() - a.supply()))
            .put("issued_per_block_now", minted);
    if (change == 0) {
      o.putNull("next_change_height").putNull("issued_per_block_next");
    } else {
      o.put("next_change_height", change)
          .put("issued_per_block_next", Emission.rate(p, Emission.period(p, change)));
    }
    return o;
  }

  /** A training task: its terms, settlement, winner, and each miner's enrollment and votes. */
  public static ObjectNode task(LedgerState s, Hash id, Task t) {
    ObjectNode o =
        Json.object()
            .put("id", id.toHex())
            .put("publisher", t.publisher().toString())
            .put("dataset", t.terms().datasetId().toHex())
            .put("spec_hash", t.terms().specHash().toHex())
            .put("steps", t.terms().totalSteps())
            .put("reward", t.terms().reward())
            .put("deadline", t.terms().deadline())
            .put("settlement_height", t.settlementHeight(s.params()))
            .put("settled", t.settled())
            .put("winner", t.winner() == null ? null : t.winner().toString());
    ArrayNode miners = o.putArray("miners");
    for (Address m : t.miners()) {
      Enrollment e = s.enrollment(id, m);
      ObjectNode mo =
          miners.addObject().put("miner", m.toString()).put("status", e.status().name());
      mo.put("claimed_correct", e.claimedMetric()).put("bond", e.bond());
      long accept = e.votes().stream().filter(Enrollment.Verdict::accept).count();
      mo.put("votes_accept", accept).put("votes_reject", e.votes().size() - accept);
      mo.put("committee", e.committee().size());
      ArrayNode votes = mo.putArray("votes");
      for (Enrollment.Verdict v : e.votes()) {
        votes.add(verdict(v));
      }
      if (e.modelHash() != null && !e.modelHash().equals(Hash.ZERO)) {
        mo.put("model_hash", e.modelHash().toHex());
      }
    }
    o.put("published_height", t.publishedHeight()).put("escrow", t.escrow());
    return o;
  }

  /**
   * A collaborative task: its terms, its miners (slot order) with their enrollment, and each round
   * scheduled so far with the hashes of the model it starts from and, once closed, of the next one,
   * and every contribution with its votes.
   */
  public static ObjectNode collabTask(LedgerState s, Hash id, CollabTask t) {
    Payload.PublishCollabTask terms = t.terms();
    ObjectNode o =
        Json.object()
            .put("id", id.toHex())
            .put("kind", "collaborative")
            .put("publisher", t.publisher().toString())
            .put("dataset", terms.datasetId().toHex())
            .put("spec_hash", terms.specHash().toHex())
            .put("rounds", terms.rounds())
            .put("local_steps", terms.localSteps())
            .put("miner_slots", terms.miners())
            .put("quorum", terms.quorum())
            .put("outer_lr", Float.intBitsToFloat(terms.outerLrBits()))
            .put("outer_momentum", Float.intBitsToFloat(terms.outerMomentumBits()))
            .put("reward", terms.reward())
            .put("enroll_deadline", terms.enrollDeadline())
            .put("round_blocks", terms.roundBlocks())
            .put("min_bond", terms.minMinerBond())
            .put("published_height", t.publishedHeight())
            .put("escrow", t.escrow())
            .put("round", t.round())
            .put("settled", t.settled());
    o.set("genesis", modelHashes(terms.genesis()));
    ArrayNode miners = o.putArray("miners");
    for (Address m : t.miners()) {
      Enrollment e = s.enrollment(id, m);
      miners
          .addObject()
          .put("miner", m.toString())
          .put("slot", t.slot(m))
          .put("enroll_hash", e.enrollHash().toHex())
          .put("status", e.status().name())
          .put("bond", e.bond());
    }
    ArrayNode rounds = o.putArray("round_states");
    for (int r = 0; r <= Math.min(t.round(), terms.rounds() - 1); r++) {
      CollabRound round = s.collabRound(id, r);
      if (round == null) {
        break;
      }
      ObjectNode ro =
          rounds
              .addObject()
              .put("round", r)
              .put("status", round.status().name())
              .put("open_height", round.openHeight())
              .put("commit_deadline", round.commitDeadline())
              .put("close_height", round.closeHeight());
      ro.set("start", modelHashes(round.start()));
      if (round.status() == CollabRound.Status.CLOSED) {
        ro.set("next", modelHashes(round.next()));
      }
      ArrayNode accepted = ro.putArray("accepted");
      round.accepted().forEach(a -> accepted.add(a.toString()));
      ArrayNode contributions = ro.putArray("contributions");
      for (CollabRound.Contribution k : round.contributions()) {
        ObjectNode ko =
            contributions
                .addObject()
                .put("miner", k.miner().toString())
                .put("status", k.status().name())
                .put("transcript_root", k.transcriptRoot().toHex())
                .put("update_hash", k.updateHash().toHex())
                .put("claimed_correct", k.claimedMetric())
                .put("commit_height", k.commitHeight())
                .put("committee", k.committee().size());
        ArrayNode votes = ko.putArray("votes");
        k.votes().forEach(v -> votes.add(verdict(v)));
      }
    }
    return o;
  }

  /** A global model's hashes: {@code model}, {@code outer_state}, {@code blob}. */
  private static ObjectNode modelHashes(Payload.ModelHashes h) {
    return Json.object()
        .put("model", h.model().toHex())
        .put("outer_state", h.outerState().toHex())
        .put("blob", h.blob().toHex());
  }

  /**
   * A verifier's vote on a proof: {@code validator}, {@code accept}, {@code reason} ({@code
   * "reproduced"} for an accept; for a reject, the segment whose re-execution did not match, that
   * the final model did not evaluate as claimed, or that nothing could be re-executed), {@code
   * segment} (the raw number, see {@link Payload.VerificationVote}) and {@code refuted} (a fraud
   * proof showed the vote wrong).
   */
  public static ObjectNode verdict(Enrollment.Verdict v) {
    String reason;
    if (v.accept()) {
      reason = "reproduced";
    } else if (v.segment() == Payload.VerificationVote.FINAL) {
      reason = "the final model does not evaluate as claimed";
    } else if (v.segment() >= 0) {
      reason = "segment " + v.segment() + " does not re-execute to the committed checkpoint";
    } else {
      reason = "the transcript or a checkpoint was not served, or malformed";
    }
    return Json.object()
        .put("validator", v.validator().toString())
        .put("accept", v.accept())
        .put("reason", reason)
        .put("segment", v.segment())
        .put("refuted", v.refuted());
  }

  /**
   * The winning model of a settled task, or null when there is none (not settled, no winner): its
   * provenance (what a published model file records and {@code pot model verify} checks) and the
   * accounts known to hold its checkpoints. The miner keeps every checkpoint it committed; each
   * verifier that accepted re-executed the final segment. {@code verified_correct} is the claim the
   * committee accepted: a verifier accepts only when its own evaluation of the final model gives
   * exactly that count.
   */
  public static ObjectNode taskModel(LedgerState s, String chainId, Hash id, Task t) {
    if (!t.settled() || t.winner() == null) {
      return null;
    }
    Enrollment e = s.enrollment(id, t.winner());
    if (e == null || e.modelHash().equals(Hash.ZERO)) {
      return null;
    }
    ObjectNode o =
        Json.object()
            .put("chain_id", chainId)
            .put("task", id.toHex())
            .put("dataset", t.terms().datasetId().toHex())
            .put("spec_hash", t.terms().specHash().toHex())
            .put("transcript_root", e.transcriptRoot().toHex())
            .put("miner", t.winner().toString())
            .put("claimed_correct", e.claimedMetric());
    if (e.status() == Enrollment.Status.ACCEPTED) {
      o.put("verified_correct", e.claimedMetric());
    } else {
      o.putNull("verified_correct");
    }
    o.put("settlement_height", t.settlementHeight(s.params()))
        .put("model_hash", e.modelHash().toHex());
    ArrayNode holders = o.putArray("holders");
    holders.addObject().put("address", t.winner().toString()).put("role", "miner");
    for (Enrollment.Verdict v : e.votes()) {
      if (v.accept() && !v.refuted()) {
        holders.addObject().put("address", v.validator().toString()).put("role", "verifier");
      }
    }
    return o;
  }

  /**
   * What a {@code WITHDRAW_REWARDS} for {@code validator} by {@code delegator} would pay now: the
   * delegation's pending reward (capped by the validator's reward pool, as settlement caps it),
   * plus the commission pool when the delegator is the validator's operator. Null when such a
   * withdrawal would be refused (neither a delegation nor the operator).
   */
  public static ObjectNode reward(StateView s, Address delegator, Address validator) {
    Validator v = s.validator(validator);
    if (v == null) {
      return null;
    }
    Delegation d = s.delegation(delegator, validator);
    boolean operator = delegator.equals(validator);
    if (d == null && !operator) {
      return null;
    }
    long delegationReward = d == null ? 0 : Math.min(d.pendingReward(v), v.rewardPool());
    long commission = operator ? v.commissionPool() : 0;
    return Json.object()
        .put("validator", validator.toString())
        .put("reward", delegationReward)
        .put("commission", commission)
        .put("amount", Math.addExact(delegationReward, commission));
  }

  /** Every delegation of {@code delegator}: validator, shares, their worth and pending reward. */
  public static ObjectNode delegations(StateView s, Address delegator) {
    ObjectNode o = Json.object().put("address", delegator.toString());
    ArrayNode arr = o.putArray("delegations");
    long total = 0;
    for (Address va : s.validatorAddresses()) {
      Delegation d = s.delegation(delegator, va);
      if (d == null) {
        continue;
      }
      Validator v = s.validator(va);
      long amount = v.tokensOf(d.shares());
      total = Math.addExact(total, amount);
      arr.addObject()
          .put("validator", va.toString())
          .put("shares", d.shares())
          .put("amount", amount)
          .put("pending_reward", Math.min(d.pendingReward(v), v.rewardPool()));
    }
    o.put("total", total);
    return o;
  }

  /**
   * What withdrawing every reward of {@code delegator} would pay now, in total and per validator.
   */
  public static ObjectNode rewards(StateView s, Address delegator) {
    ObjectNode o = Json.object().put("address", delegator.toString());
    ArrayNode arr = Json.array();
    long total = 0;
    for (Address va : s.validatorAddresses()) {
      ObjectNode r = reward(s, delegator, va);
      if (r != null) {
        total = Math.addExact(total, r.get("amount").asLong());
        arr.add(r);
      }
    }
    o.put("total", total);
    o.set("validators", arr);
    return o;
  }

  /** The unbonding entries and redelegations of {@code delegator} still in their period. */
  public static ObjectNode unbondings(StateView s, Address delegator) {
    ObjectNode o = Json.object().put("address", delegator.toString());
    List<Long> unbondingIds = new ArrayList<>();
    List<Long> redelegationIds = new ArrayList<>();
    for (Address va : s.validatorAddresses()) {
      unbondingIds.addAll(s.ids(StateKey.validatorUnbondings(va)));
      redelegationIds.addAll(s.ids(StateKey.validatorRedelegations(va)));
    }
    Collections.sort(unbondingIds);
    Collections.sort(redelegationIds);
    ArrayNode ub = o.putArray("unbondings");
    long total = 0;
    for (long id : unbondingIds) {
      Unbonding u = s.unbonding(id);
      if (u == null || !u.delegator().equals(delegator)) {
        continue;
      }
      total = Math.addExact(total, u.balance());
      ub.addObject()
          .put("id", id)
          .put("validator", u.validator().toString())
          .put("initial_balance", u.initialBalance())
          .put("balance", u.balance())
          .put("creation_height", u.creationHeight())
          .put("completion_height", u.completionHeight());
    }
    o.put("total", total);
    ArrayNode rd = o.putArray("redelegations");
    for (long id : redelegationIds) {
      Redelegation r = s.redelegation(id);
      if (r == null || !r.delegator().equals(delegator)) {
        continue;
      }
      rd.addObject()
          .put("id", id)
          .put("source", r.source().toString())
          .put("destination", r.destination().toString())
          .put("initial_balance", r.initialBalance())
          .put("creation_height", r.creationHeight())
          .put("completion_height", r.completionHeight());
    }
    return o;
  }

  /** The chain parameters, by the names governance changes them under. */
  public static ObjectNode params(Params p) {
    ObjectNode o = Json.object();
    for (String name : Params.NAMES) {
      o.put(name, p.get(name));
    }
    return o;
  }

  /**
   * A governance proposal: title, action, status, end height, deposits, votes (each with the {@code
   * weight} it counts with now, see {@link #voteWeight}), {@code bonded} (all bonded stake, what
   * the quorum is a share of) and the tally (the final one once closed, the standing one while
   * voting, null in the deposit period or when it expired).
   */
  public static ObjectNode proposal(StateView s, long id, GovernanceProposal p) {
    ObjectNode o =
        Json.object()
            .put("id", id)
            .put("proposer", p.proposer().toString())
            .put("title", p.title());
    o.set("action", ChainJson.MAPPER.valueToTree(p.action()));
    o.put("status", p.status().name())
        .put("end_height", p.endHeight())
        .put("total_deposit", p.totalDeposit());
    ArrayNode deposits = o.putArray("deposits");
    for (GovernanceProposal.Stake d : p.deposits()) {
      deposits.addObject().put("depositor", d.owner().toString()).put("amount", d.amount());
    }
    ArrayNode votes = o.putArray("votes");
    for (GovernanceProposal.Ballot b : p.votes()) {
      votes
          .addObject()
          .put("voter", b.voter().toString())
          .put("option", b.option().name())
          .put("weight", voteWeight(s, p, b.voter()));
    }
    long bonded = 0;
    for (Address va : s.validatorAddresses()) {
      bonded = Math.addExact(bonded, s.validator(va).tokens());
    }
    o.put("bonded", bonded);
    List<Long> tally = p.status() == GovernanceProposal.Status.VOTING ? p.liveTally(s) : p.tally();
    if (tally.size() == 4) {
      o.putObject("tally")
          .put("yes", tally.get(0))
          .put("no", tally.get(1))
          .put("abstain", tally.get(2))
          .put("veto", tally.get(3))
          .put("final", p.status() != GovernanceProposal.Status.VOTING);
    } else {
      o.putNull("tally");
    }
    return o;
  }

  /**
   * The stake a ballot counts with in a tally on {@code s} now, by the tally's rule: what the
   * voter's delegations are worth, and for a validator its tokens less what the delegators who
   * voted themselves hold with it.
   */
  static long voteWeight(StateView s, GovernanceProposal p, Address voter) {
    long w = 0;
    for (Address va : s.validatorAddresses()) {
      Delegation d = s.delegation(voter, va);
      if (d != null) {
        w = Math.addExact(w, s.validator(va).tokensOf(d.shares()));
      }
    }
    Validator v = s.validator(voter);
    if (v == null) {
      return w;
    }
    long heldByVoters = 0;
    for (GovernanceProposal.Ballot b : p.votes()) {
      Delegation d = s.delegation(b.voter(), voter);
      if (d != null) {
        heldByVoters = Math.addExact(heldByVoters, v.tokensOf(d.shares()));
      }
    }
    return Math.addExact(w, v.tokens() - heldByVoters);
  }

  /** A registered dataset: its content hash, owner, licence, fee per use and when it came. */
  public static ObjectNode dataset(Hash id, Dataset d) {
    return Json.object()
        .put("hash", id.toHex())
        .put("owner", d.owner().toString())
        .put("licence", d.licence())
        .put("fee_per_use", d.feePerUse())
        .put("registered_height", d.registeredHeight())
        .put("uses", d.uses())
        .put("earned", d.earned());
  }
}
