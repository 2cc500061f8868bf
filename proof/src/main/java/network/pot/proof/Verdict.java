package network.pot.proof;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import network.pot.base.json.Json;

/**
 * A verifier's answer: valid, or invalid with each failing segment and its reason; the segments it
 * checked and what that cost (steps re-executed, as a fraction of T, and wall time: in all, in
 * re-execution and in the final evaluation pass; the rest is the verifier's fixed cost of fetching,
 * checking and decoding). An invalid verdict whose failure is provable carries a {@link FraudProof}
 * of the first such failure.
 */
public record Verdict(
    List<Failure> failures,
    List<Integer> segments,
    long stepsReexecuted,
    double fractionOfTraining,
    int evaluatedCorrect,
    double seconds,
    double reexecutionSeconds,
    double evaluationSeconds,
    FraudProof fraudProof) {

  /** One failed check. {@code segment} is {@link #FINAL} for the final model's checks. */
  public record Failure(int segment, Reason reason, String detail) {}

  /** The segment number of failures in the final evaluation. */
  public static final int FINAL = -1;

  public Verdict {
    failures = List.copyOf(failures);
    segments = List.copyOf(segments);
  }

  public boolean valid() {
    return failures.isEmpty();
  }

  /** The distinct reasons, in the order they were found. */
  public List<Reason> reasons() {
    return failures.stream().map(Failure::reason).distinct().toList();
  }

  public Optional<FraudProof> fraud() {
    return Optional.ofNullable(fraudProof);
  }

  /** The JSON form {@code pot verify} prints. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("verdict", valid() ? "valid" : "invalid");
    ArrayNode rs = o.putArray("reasons");
    reasons().forEach(r -> rs.add(r.name()));
    ArrayNode fs = o.putArray("failures");
    for (Failure f : failures) {
      ObjectNode fo = fs.addObject();
      if (f.segment() == FINAL) {
        fo.put("segment", "final");
      } else {
        fo.put("segment", f.segment());
      }
      fo.put("reason", f.reason().name());
      fo.put("detail", f.detail());
    }
    ArrayNode ss = o.putArray("segments");
    segments.forEach(ss::add);
    o.put("steps_reexecuted", stepsReexecuted);
    o.put("fraction_of_training", fractionOfTraining);
    if (evaluatedCorrect >= 0) {
      o.put("evaluated_correct", evaluatedCorrect);
    }
    o.put("seconds", seconds);
    o.put("reexecution_seconds", reexecutionSeconds);
    o.put("evaluation_seconds", evaluationSeconds);
    return o;
  }
}
