package network.pot.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;

/**
 * What a miner commits to before the deadline: the Merkle root over its transcript's state hashes,
 * the hash of its final model and the metric it claims (an exact count of correct test
 * predictions), with the binding (task, miner, enrollment block) it trained under and the number of
 * checkpoints (T/k + 1) the tree holds.
 */
// the arrays are copied in and out, and equals and hashCode compare their contents
@SuppressWarnings("ArrayRecordComponent")
public record Commitment(
    byte[] taskId,
    byte[] minerId,
    byte[] enrollHash,
    byte[] merkleRoot,
    byte[] modelHash,
    int claimedCorrect,
    int checkpoints) {

  public Commitment {
    taskId = taskId.clone();
    minerId = minerId.clone();
    enrollHash = enrollHash.clone();
    merkleRoot = merkleRoot.clone();
    modelHash = modelHash.clone();
    if (merkleRoot.length != Sha256.SIZE || modelHash.length != Sha256.SIZE) {
      throw new IllegalArgumentException("merkle_root and model_hash must be 32 bytes");
    }
    if (claimedCorrect < 0 || checkpoints < 1) {
      throw new IllegalArgumentException("claimed_correct must be >= 0 and checkpoints >= 1");
    }
  }

  /** The binding this commitment claims. */
  public Binding binding() {
    return new Binding(taskId, minerId, enrollHash);
  }

  /** The same commitment with other values (attack simulations, tools). */
  public Commitment with(byte[] merkleRoot, byte[] modelHash, int claimedCorrect, int checkpoints) {
    return new Commitment(
        taskId, minerId, enrollHash, merkleRoot, modelHash, claimedCorrect, checkpoints);
  }

  /** The same commitment claimed by another miner or for another enrollment block. */
  public Commitment withBinding(byte[] minerId, byte[] enrollHash) {
    return new Commitment(
        taskId, minerId, enrollHash, merkleRoot, modelHash, claimedCorrect, checkpoints);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("task_id", Hex.encode(taskId));
    o.put("miner", Hex.encode(minerId));
    o.put("enroll_hash", Hex.encode(enrollHash));
    o.put("merkle_root", Hex.encode(merkleRoot));
    o.put("model_hash", Hex.encode(modelHash));
    o.put("claimed_correct", claimedCorrect);
    o.put("checkpoints", checkpoints);
    return o;
  }

  /** Parses {@link #toJson()}'s form; throws IllegalArgumentException naming what is wrong. */
  public static Commitment parse(String json) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "commitment is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("commitment must be a JSON object");
    }
    return new Commitment(
        hex(n, "task_id", 32),
        hex(n, "miner", -1),
        hex(n, "enroll_hash", -1),
        hex(n, "merkle_root", 32),
        hex(n, "model_hash", 32),
        integer(n, "claimed_correct"),
        integer(n, "checkpoints"));
  }

  private static byte[] hex(JsonNode n, String key, int length) {
    JsonNode v = n.get(key);
    return Hex.decode(v != null && v.isTextual() ? v.asText() : "", length, "commitment " + key);
  }

  private static int integer(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("commitment " + key + " must be an integer");
    }
    return v.asInt();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Commitment c
        && Arrays.equals(taskId, c.taskId)
        && Arrays.equals(minerId, c.minerId)
        && Arrays.equals(enrollHash, c.enrollHash)
        && Arrays.equals(merkleRoot, c.merkleRoot)
        && Arrays.equals(modelHash, c.modelHash)
        && claimedCorrect == c.claimedCorrect
        && checkpoints == c.checkpoints;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(merkleRoot) * 31 + claimedCorrect;
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  @Override
  public byte[] taskId() {
    return taskId.clone();
  }

  @Override
  public byte[] minerId() {
    return minerId.clone();
  }

  @Override
  public byte[] enrollHash() {
    return enrollHash.clone();
  }

  @Override
  public byte[] merkleRoot() {
    return merkleRoot.clone();
  }

  @Override
  public byte[] modelHash() {
    return modelHash.clone();
  }
}
