package network.pot.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;
import network.pot.proof.Verdict.Failure;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;

/**
 * Evidence that a commitment is wrong, small enough to put on chain: the commitment, the failing
 * segment and the Merkle openings of its two leaves (for the final evaluation, {@code segment} is
 * {@link Verdict#FINAL} and {@code start} opens the last leaf). Anyone holding the start blob
 * checks it with {@link #check}: at most one segment's re-execution, or one evaluation.
 */
public record FraudProof(
    Commitment commitment, int segment, Merkle.Opening start, Merkle.Opening end) {

  /** The outcome of checking a fraud proof. */
  public record Check(boolean confirmed, Failure failure, String detail) {}

  static FraudProof of(Commitment c, int segment, Audit audit, int segments) {
    if (segment == Verdict.FINAL) {
      return new FraudProof(c, segment, audit.verified(segments), null);
    }
    return new FraudProof(c, segment, audit.verified(segment), audit.verified(segment + 1));
  }

  /**
   * Re-checks the named segment (or final evaluation) against the task and data. Confirmed when the
   * check fails with a provable reason; refuted when the openings are not the commitment's or the
   * segment checks out.
   */
  public Check check(TaskSpec task, DataSets.Split data, BlobSource blobs, Parallel par)
      throws IOException {
    return check(task, data, blobs, StartState.FRESH, par);
  }

  /** Like {@link #check(TaskSpec, DataSets.Split, BlobSource, Parallel)} from another start. */
  public Check check(
      TaskSpec task, DataSets.Split data, BlobSource blobs, StartState from, Parallel par)
      throws IOException {
    if (commitment.checkpoints() != task.segments() + 1
        || !java.security.MessageDigest.isEqual(commitment.taskId(), task.taskId())) {
      return new Check(false, null, "the commitment does not belong to this task");
    }
    int startLeaf = segment == Verdict.FINAL ? task.segments() : segment;
    if (start == null
        || start.index() != startLeaf
        || (segment != Verdict.FINAL && (end == null || end.index() != segment + 1))) {
      return new Check(false, null, "the openings are not those of the named segment");
    }
    OpeningSource openings =
        leaf -> {
          if (start.index() == leaf) {
            return Optional.of(start);
          }
          if (end != null && end.index() == leaf) {
            return Optional.of(end);
          }
          return Optional.empty();
        };
    Audit audit = new Audit(task, commitment, data, blobs, openings, from, par);
    Failure f;
    if (segment == Verdict.FINAL) {
      f = audit.evaluate();
    } else if (segment >= 0 && segment < task.segments()) {
      f = audit.segment(segment);
    } else {
      return new Check(false, null, "no segment " + segment + " in this task");
    }
    if (f == null) {
      return new Check(false, null, "the segment checks out");
    }
    if (!f.reason().provable()) {
      return new Check(false, f, "the proof cannot be checked: " + f.detail());
    }
    return new Check(true, f, f.detail());
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("commitment", commitment.toJson());
    if (segment == Verdict.FINAL) {
      o.put("segment", "final");
    } else {
      o.put("segment", segment);
    }
    o.set("start", opening(start));
    if (end != null) {
      o.set("end", opening(end));
    }
    return o;
  }

  private static ObjectNode opening(Merkle.Opening op) {
    ObjectNode o = Json.object();
    o.put("index", op.index());
    o.put("leaf", Hex.encode(op.leaf()));
    ArrayNode p = o.putArray("path");
    op.path().forEach(h -> p.add(Hex.encode(h)));
    return o;
  }

  /** Parses {@link #toJson()}'s form; throws IllegalArgumentException naming what is wrong. */
  public static FraudProof parse(String json) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fraud proof is not valid JSON", e);
    }
    if (n == null || !n.isObject() || !n.has("commitment") || !n.has("segment")) {
      throw new IllegalArgumentException("fraud proof needs commitment, segment and start");
    }
    Commitment c = Commitment.parse(n.get("commitment").toString());
    JsonNode s = n.get("segment");
    int segment;
    if (s.isTextual() && s.asText().equals("final")) {
      segment = Verdict.FINAL;
    } else if (s.isIntegralNumber() && s.canConvertToInt() && s.asInt() >= 0) {
      segment = s.asInt();
    } else {
      throw new IllegalArgumentException("fraud proof segment must be an index or \"final\"");
    }
    Merkle.Opening start = parseOpening(n.get("start"));
    Merkle.Opening end = n.has("end") ? parseOpening(n.get("end")) : null;
    if (start == null || (segment != Verdict.FINAL && end == null)) {
      throw new IllegalArgumentException("fraud proof needs the openings of its segment");
    }
    return new FraudProof(c, segment, start, end);
  }

  private static Merkle.Opening parseOpening(JsonNode o) {
    if (o == null || !o.isObject() || !o.has("index") || !o.has("leaf") || !o.has("path")) {
      return null;
    }
    JsonNode idx = o.get("index");
    if (!idx.canConvertToInt() || !idx.isIntegralNumber() || !o.get("path").isArray()) {
      throw new IllegalArgumentException("fraud proof opening is malformed");
    }
    List<byte[]> path = new ArrayList<>();
    for (JsonNode h : o.get("path")) {
      path.add(Hex.decode(h.asText(), Sha256.SIZE, "opening path hash"));
    }
    return new Merkle.Opening(
        idx.asInt(), Hex.decode(o.get("leaf").asText(), Sha256.SIZE, "opening leaf"), path);
  }
}
