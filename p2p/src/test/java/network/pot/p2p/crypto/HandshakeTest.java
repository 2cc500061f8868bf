package network.pot.p2p.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final byte[] NET = Sha256.of("net".getBytes(UTF_8));
  private final NodeKey alice = NodeKey.fromSeed(Sha256.of("alice".getBytes(UTF_8)));
  private final NodeKey bob = NodeKey.fromSeed(Sha256.of("bob".getBytes(UTF_8)));

  private Handshake hs(NodeKey k, Handshake.Role role, Optional<NodeId> expected) {
    return new Handshake(k, NET, role, 1234, expected, new SecureRandom());
  }

  @Test
  void keysFromTheSameSeedAreTheSameAndSignaturesVerify() {
    NodeKey again = NodeKey.fromSeed(alice.seed());
    assertThat(again.id()).isEqualTo(alice.id());
    byte[] sig = alice.sign("m".getBytes(UTF_8));
    assertThat(NodeKey.verify(alice.id(), "m".getBytes(UTF_8), sig)).isTrue();
    assertThat(NodeKey.verify(bob.id(), "m".getBytes(UTF_8), sig)).isFalse();
    assertThat(NodeKey.verify(alice.id(), "n".getBytes(UTF_8), sig)).isFalse();
  }

  @Test
  void bothSidesAuthenticateAndShareSessionKeys() throws Exception {
    Handshake a = hs(alice, Handshake.Role.INITIATOR, Optional.of(bob.id()));
    Handshake b = hs(bob, Handshake.Role.RESPONDER, Optional.empty());
    assertThat(a.onHello(b.hello()).failed()).isFalse();
    assertThat(b.onHello(a.hello()).failed()).isFalse();
    Handshake.Step sa = a.onAuth(b.auth());
    Handshake.Step sb = b.onAuth(a.auth());
    Handshake.Session as = sa.session().orElseThrow();
    Handshake.Session bs = sb.session().orElseThrow();
    assertThat(as.remote()).isEqualTo(bob.id());
    assertThat(bs.remote()).isEqualTo(alice.id());
    assertThat(bs.remoteListenPort()).isEqualTo(1234);
    byte[] sealed = as.sender().seal("hello".getBytes(UTF_8));
    assertThat(bs.receiver().open(sealed)).isEqualTo("hello".getBytes(UTF_8));
    // a replay of the same frame fails: the nonce moved on
    assertThatThrownBy(() -> bs.receiver().open(sealed)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void aPeerWithAnotherKeyThanExpectedIsRefused() {
    Handshake a = hs(alice, Handshake.Role.INITIATOR, Optional.of(alice.id()));
    Handshake b = hs(bob, Handshake.Role.RESPONDER, Optional.empty());
    assertThat(a.onHello(b.hello()).failure()).contains(Handshake.Failure.UNEXPECTED_PEER);
  }

  @Test
  void anImpostorClaimingAKeyItDoesNotHoldFailsTheSignature() {
    // mallory sends bob's public key in its hello but can only sign with its own key
    NodeKey mallory = NodeKey.fromSeed(Sha256.of("mallory".getBytes(UTF_8)));
    Handshake a = hs(alice, Handshake.Role.INITIATOR, Optional.empty());
    Handshake m = hs(mallory, Handshake.Role.RESPONDER, Optional.empty());
    byte[] forged = m.hello();
    System.arraycopy(bob.id().bytes(), 0, forged, 4 + 32, 32);
    assertThat(a.onHello(forged).failed()).isFalse();
    assertThat(m.onHello(a.hello()).failed()).isFalse();
    assertThat(a.onAuth(m.auth()).failure()).contains(Handshake.Failure.BAD_SIGNATURE);
  }

  @Test
  void garbageWrongNetworkAndSelfAreRejectedAsValues() {
    Handshake a = hs(alice, Handshake.Role.INITIATOR, Optional.empty());
    assertThat(a.onHello(new byte[7]).failure()).contains(Handshake.Failure.MALFORMED);
    Handshake other =
        new Handshake(
            bob,
            Sha256.of("x".getBytes(UTF_8)),
            Handshake.Role.RESPONDER,
            1,
            Optional.empty(),
            new SecureRandom());
    assertThat(a.onHello(other.hello()).failure()).contains(Handshake.Failure.WRONG_NETWORK);
    Handshake self = hs(alice, Handshake.Role.RESPONDER, Optional.empty());
    assertThat(a.onHello(self.hello()).failure()).contains(Handshake.Failure.SELF_CONNECTION);
    byte[] badMagic = hs(bob, Handshake.Role.RESPONDER, Optional.empty()).hello();
    badMagic[0] = 'X';
    assertThat(a.onHello(badMagic).failure()).contains(Handshake.Failure.WRONG_VERSION);
    assertThat(a.onAuth(new byte[80]).failure()).contains(Handshake.Failure.OUT_OF_ORDER);
  }

  @Test
  void aTamperedAuthFrameFails() {
    Handshake a = hs(alice, Handshake.Role.INITIATOR, Optional.empty());
    Handshake b = hs(bob, Handshake.Role.RESPONDER, Optional.empty());
    a.onHello(b.hello());
    b.onHello(a.hello());
    byte[] auth = b.auth();
    auth[5] ^= 1;
    assertThat(a.onAuth(auth).failure()).contains(Handshake.Failure.BAD_SIGNATURE);
  }
}
