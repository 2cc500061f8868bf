package network.pot.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import network.pot.base.json.Json;

/**
 * Where a published model comes from, as the chain records it for a settled task's winner: the
 * chain, the task, its dataset and spec, the winner's transcript root, claim and model hash, and
 * the height the task settled at. It is what {@code provenance.json} holds beside a fetched
 * checkpoint and what an exported file's metadata carries; {@link #differences} compares two of
 * them field by field.
 *
 * @param verifiedCorrect the count the committee accepted, or null when the winner's proof was not
 *     accepted
 */
public record Provenance(
    String chainId,
    String task,
    String dataset,
    String specHash,
    String transcriptRoot,
    String miner,
    long claimedCorrect,
    Long verifiedCorrect,
    long settlementHeight,
    String modelHash) {

  /** The JSON keys, in the order {@link #toJson} writes them. */
  public static final List<String> KEYS =
      List.of(
          "chain_id",
          "task",
          "dataset",
          "spec_hash",
          "transcript_root",
          "miner",
          "claimed_correct",
          "verified_correct",
          "settlement_height",
          "model_hash");

  public Provenance {
    Objects.requireNonNull(chainId, "chain_id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(modelHash, "model_hash");
  }

  /**
   * Reads a provenance object: a task view's {@code model} (numbers as numbers) or a file's
   * metadata (every value a string). A missing or malformed field is an {@link
   * IllegalArgumentException} naming it.
   */
  public static Provenance fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("provenance must be a JSON object");
    }
    String verified = o.hasNonNull("verified_correct") ? text(o, "verified_correct") : null;
    return new Provenance(
        text(o, "chain_id"),
        text(o, "task"),
        text(o, "dataset"),
        text(o, "spec_hash"),
        text(o, "transcript_root"),
        text(o, "miner"),
        number(o, "claimed_correct"),
        verified == null || verified.equals("null") ? null : number(o, "verified_correct"),
        number(o, "settlement_height"),
        text(o, "model_hash"));
  }

  /** Reads the provenance among an exported file's string metadata. */
  public static Provenance fromMetadata(SortedMap<String, String> metadata) {
    ObjectNode o = Json.object();
    for (String k : KEYS) {
      String v = metadata.get(k);
      if (v != null) {
        o.put(k, v);
      }
    }
    return fromJson(o);
  }

  /** The provenance as {@code provenance.json} holds it. */
  public ObjectNode toJson() {
    ObjectNode o =
        Json.object()
            .put("chain_id", chainId)
            .put("task", task)
            .put("dataset", dataset)
            .put("spec_hash", specHash)
            .put("transcript_root", transcriptRoot)
            .put("miner", miner)
            .put("claimed_correct", claimedCorrect);
    if (verifiedCorrect == null) {
      o.putNull("verified_correct");
    } else {
      o.put("verified_correct", verifiedCorrect.longValue());
    }
    return o.put("settlement_height", settlementHeight).put("model_hash", modelHash);
  }

  /** Each field as text, in {@link #KEYS} order. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("chain_id", chainId);
    m.put("task", task);
    m.put("dataset", dataset);
    m.put("spec_hash", specHash);
    m.put("transcript_root", transcriptRoot);
    m.put("miner", miner);
    m.put("claimed_correct", Long.toString(claimedCorrect));
    m.put("verified_correct", verifiedCorrect == null ? "null" : verifiedCorrect.toString());
    m.put("settlement_height", Long.toString(settlementHeight));
    m.put("model_hash", modelHash);
    return m;
  }

  /**
   * The fields in which {@code recorded} (the chain's) differs from this one, each as {@code "key:
   * this != recorded"}; empty when they agree.
   */
  public List<String> differences(Provenance recorded) {
    List<String> out = new ArrayList<>();
    Map<String, String> theirs = recorded.fields();
    for (Map.Entry<String, String> f : fields().entrySet()) {
      String other = theirs.get(f.getKey());
      if (!f.getValue().equalsIgnoreCase(other)) {
        out.add(f.getKey() + ": " + f.getValue() + " != " + other);
      }
    }
    return out;
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull() || v.isContainerNode()) {
      throw new IllegalArgumentException("provenance has no " + key);
    }
    return v.asText();
  }

  private static long number(JsonNode o, String key) {
    String v = text(o, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("provenance " + key + " is not an integer: " + v, e);
    }
  }
}
