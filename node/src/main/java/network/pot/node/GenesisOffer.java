package network.pot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.Genesis;

/**
 * A validator's signed offer to join a network's genesis (a "gentx"): its key, the self-bond it
 * takes from its genesis balance, its commission, its reveal anchor and a name, signed with the key
 * for one chain id. The genesis coordinator collects the offers and checks every signature; nobody
 * can put another's key in the genesis set or change its terms.
 *
 * <pre>{@code
 * { "chain_id": "...", "moniker": "...", "public_key": "hex", "self_bond": 100000,
 *   "commission_bps": 500, "reveal_anchor": "hex", "signature": "hex" }
 * }</pre>
 *
 * The signature covers {@code tagged("pot/gentx/v1", chain_id, public_key, u64 self_bond, u16
 * commission_bps, reveal_anchor, moniker)}.
 */
public record GenesisOffer(
    String chainId,
    String moniker,
    PublicKey key,
    long selfBond,
    int commissionBps,
    Hash revealAnchor,
    Bytes signature) {
  /** Longest moniker, in characters. */
  public static final int MAX_MONIKER = 64;

  /** Signs an offer with {@code key}. */
  public static GenesisOffer sign(
      KeyPair key, String chainId, String moniker, long selfBond, int commissionBps) {
    check(moniker, selfBond, commissionBps);
    Hash anchor = RevealChain.of(key).anchor();
    byte[] m = message(chainId, key.publicKey(), selfBond, commissionBps, anchor, moniker);
    return new GenesisOffer(
        chainId, moniker, key.publicKey(), selfBond, commissionBps, anchor, key.sign(m));
  }

  private static void check(String moniker, long selfBond, int commissionBps) {
    if (moniker.isBlank() || moniker.length() > MAX_MONIKER) {
      throw new IllegalArgumentException("the moniker must be 1 to " + MAX_MONIKER + " characters");
    }
    if (selfBond <= 0) {
      throw new IllegalArgumentException("the self-bond must be positive: " + selfBond);
    }
    if (commissionBps < 0 || commissionBps > 10_000) {
      throw new IllegalArgumentException("the commission must be 0..10000 bps: " + commissionBps);
    }
  }

  private static byte[] message(
      String chainId,
      PublicKey key,
      long selfBond,
      int commissionBps,
      Hash anchor,
      String moniker) {
    return Sha256.tagged(
        "pot/gentx/v1",
        chainId.getBytes(StandardCharsets.UTF_8),
        key.toArray(),
        new Writer(8).u64(selfBond).toByteArray(),
        new Writer(2).u16(commissionBps).toByteArray(),
        anchor.toArray(),
        moniker.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the signature is the key's over these terms. */
  public boolean verify() {
    return key.verify(
        message(chainId, key, selfBond, commissionBps, revealAnchor, moniker), signature.toArray());
  }

  /** The validator's account address. */
  public Address address() {
    return Address.of(key);
  }

  /** The genesis validator this offer makes. */
  public Genesis.InitialValidator validator() {
    return new Genesis.InitialValidator(key, selfBond, commissionBps, revealAnchor);
  }

  public String toJson() {
    ObjectNode o = Json.object();
    o.put("chain_id", chainId)
        .put("moniker", moniker)
        .put("public_key", key.toHex())
        .put("self_bond", selfBond)
        .put("commission_bps", commissionBps)
        .put("reveal_anchor", revealAnchor.toHex())
        .put("signature", Hex.encode(signature.toArray()));
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses an offer; a malformed one is an {@link IllegalArgumentException} naming the field. The
   * signature is not checked here: {@link #verify()}.
   */
  public static GenesisOffer parse(String json) {
    JsonNode o;
    try {
      o = Json.read(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    String moniker = GenesisFile.text(o, "moniker");
    long bond = GenesisFile.number(o, "self_bond");
    long commission = GenesisFile.number(o, "commission_bps");
    if (commission < 0 || commission > 10_000) {
      throw new IllegalArgumentException("commission_bps must be 0..10000");
    }
    check(moniker, bond, (int) commission);
    return new GenesisOffer(
        GenesisFile.text(o, "chain_id"),
        moniker,
        PublicKey.of(Hex.decode(GenesisFile.text(o, "public_key"))),
        bond,
        (int) commission,
        Hash.fromHex(GenesisFile.text(o, "reveal_anchor")),
        Bytes.wrap(Hex.decode(GenesisFile.text(o, "signature"))));
  }
}
