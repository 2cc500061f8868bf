package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;

/**
 * {@link FraudProof#parse} (and the {@link Commitment#parse} inside it) on any text: the evidence
 * of a fraud-proof transaction is anyone's bytes. A proof whose JSON parses back to the same JSON,
 * or an {@link IllegalArgumentException}.
 */
class FraudProofFuzzTest {
  @FuzzTest
  void parse(byte[] input) throws Exception {
    Refusals.canonicalForm(input, FraudProof::parse, proof -> proof.toJson().toString())
        .ifPresent(c -> assertThat(FraudProof.parse(c).toJson().toString()).isEqualTo(c));
  }
}
