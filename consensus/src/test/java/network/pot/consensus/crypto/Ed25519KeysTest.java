package network.pot.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import network.pot.base.bytes.Hex;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
  /** RFC 8032, section 7.1, test 1 (empty message). */
  @Test
  void matchesTheRfc8032Vector() {
    Signer s =
        Ed25519Keys.fromSeed(
            Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(Hex.encode(s.publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(Hex.encode(s.sign(new byte[0])))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  @Test
  void verifiesOnlyTheSignedMessageUnderTheRightKey() {
    Signer a = Ed25519Keys.fromSeed(new byte[32]);
    byte[] seed = new byte[32];
    seed[0] = 1;
    Signer b = Ed25519Keys.fromSeed(seed);
    byte[] msg = "vote".getBytes(StandardCharsets.UTF_8);
    byte[] sig = a.sign(msg);
    SignatureVerifier v = Ed25519Keys.verifier();
    assertThat(v.verify(a.publicKey(), msg, sig)).isTrue();
    assertThat(v.verify(b.publicKey(), msg, sig)).isFalse();
    assertThat(v.verify(a.publicKey(), "vote!".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    sig[5] ^= 1;
    assertThat(v.verify(a.publicKey(), msg, sig)).isFalse();
    assertThat(v.verify(new byte[3], msg, sig)).isFalse();
    assertThat(v.verify(a.publicKey(), msg, new byte[10])).isFalse();
  }

  @Test
  void cachingVerifierAnswersLikeTheVerifierItWraps() {
    Signer a = Ed25519Keys.fromSeed(new byte[32]);
    byte[] msg = {1, 2, 3};
    byte[] sig = a.sign(msg);
    byte[] bad = sig.clone();
    bad[0] ^= 1;
    CachingVerifier c = new CachingVerifier(Ed25519Keys.verifier(), 2);
    for (int i = 0; i < 3; i++) {
      assertThat(c.verify(a.publicKey(), msg, sig)).isTrue();
      assertThat(c.verify(a.publicKey(), msg, bad)).isFalse();
    }
    assertThat(c.misses()).isGreaterThanOrEqualTo(2);
    assertThat(c.hits() + c.misses()).isEqualTo(6);
  }
}
