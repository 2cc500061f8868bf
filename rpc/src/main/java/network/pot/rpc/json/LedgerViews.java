package network.pot.rpc.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Account;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.SupplyAudit;
import network.pot.chain.state.Task;
import network.pot.chain.store.ChainStore;
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

  /** One validator's stake and standing; {@code s.validator(address)} must exist. */
  public static ObjectNode validator(LedgerState s, Address address) {
    var v = s.validator(address);
    return Json.object()
        .put("address", address.toString())
        .put("tokens", v.tokens())
        .put("jailed", v.jailed())
        .put("tombstoned", v.tombstoned())
        .put("active", s.validatorSet().member(address) != null);
  }

  /** The supply audit: where every token is, and whether they add up. */
  public static ObjectNode supply(SupplyAudit a) {
    return Json.object()
        .put("supply", a.supply())
        .put("balances", a.balances())
        .put("bonded", a.bonded())
        .put("unbonding", a.unbonding())
        .put("escrow", a.escrow())
        .put("unpaid_rewards", a.unpaidRewards())
        .put("treasury", a.treasury())
        .put("conserved", a.balanced());
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
    }
    return o;
  }
}
