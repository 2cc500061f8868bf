package network.pot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;

/**
 * The genesis file: a JSON document every node of a network holds byte for byte alike (its state
 * root is checked against the store on open).
 *
 * <pre>{@code
 * { "chain_id": "pot-devnet", "genesis_time": 1764633600000,
 *   "params": { "epochLength": 10, ... },            // overrides of Params.DEFAULT, by name
 *   "accounts": [ { "address": "pot1...", "balance": 1000000 } ],
 *   "validators": [ { "public_key": "hex", "self_bond": 100000, "commission_bps": 500,
 *                     "reveal_anchor": "hex" } ] }
 * }</pre>
 */
public final class GenesisFile {
  private GenesisFile() {}

  /** Reads and validates a genesis file; errors name the file and the field. */
  public static Genesis read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads a genesis file still being made in a genesis ceremony: like {@link #read(Path)}, but it
   * may have no validators yet.
   */
  public static Genesis readDraft(Path file) throws IOException {
    return read(file, false);
  }

  private static Genesis read(Path file, boolean complete) throws IOException {
    JsonNode root;
    try {
      root = Json.read(Files.readString(file));
    } catch (IOException e) {
      throw new IOException("cannot read genesis file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(root, complete);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IOException("bad genesis file " + file + ": " + e.getMessage(), e);
    }
  }

  static Genesis parse(JsonNode root, boolean complete) {
    String chainId = text(root, "chain_id");
    long time = number(root, "genesis_time");
    Params params = Params.DEFAULT;
    JsonNode p = root.path("params");
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      if (!e.getValue().canConvertToLong()) {
        throw new IllegalArgumentException("params." + e.getKey() + " must be an integer");
      }
      params = params.with(e.getKey(), e.getValue().asLong());
    }
    params.crossCheck(); // a genesis is held to the rules every later change is
    List<Genesis.Allocation> accounts = new ArrayList<>();
    for (JsonNode a : root.path("accounts")) {
      accounts.add(new Genesis.Allocation(Address.parse(text(a, "address")), number(a, "balance")));
    }
    List<Genesis.InitialValidator> validators = new ArrayList<>();
    for (JsonNode v : root.path("validators")) {
      validators.add(
          new Genesis.InitialValidator(
              PublicKey.of(Hex.decode(text(v, "public_key"))),
              number(v, "self_bond"),
              (int) number(v, "commission_bps"),
              Hash.fromHex(text(v, "reveal_anchor"))));
    }
    if (complete && validators.isEmpty()) {
      throw new IllegalArgumentException("at least one validator is needed");
    }
    return new Genesis(chainId, time, accounts, validators, params);
  }

  /** The JSON form of a genesis (params written only where they differ from the defaults). */
  public static String write(Genesis g) {
    ObjectNode root = Json.object();
    root.put("chain_id", g.chainId());
    root.put("genesis_time", g.genesisTime());
    ObjectNode params = root.putObject("params");
    for (String name : Params.NAMES) {
      long v = g.params().get(name);
      if (v != Params.DEFAULT.get(name)) {
        params.put(name, v);
      }
    }
    ArrayNode accounts = root.putArray("accounts");
    for (Genesis.Allocation a : g.accounts()) {
      accounts.addObject().put("address", a.address().toString()).put("balance", a.balance());
    }
    ArrayNode validators = root.putArray("validators");
    for (Genesis.InitialValidator v : g.validators()) {
      validators
          .addObject()
          .put("public_key", Hex.encode(v.key().toArray()))
          .put("self_bond", v.selfBond())
          .put("commission_bps", v.commissionBps())
          .put("reveal_anchor", v.revealAnchor().toHex());
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON field that must be a string; the error names it. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.asText();
  }

  /** A JSON field that must be an integer; the error names it. */
  static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return v.asLong();
  }
}
