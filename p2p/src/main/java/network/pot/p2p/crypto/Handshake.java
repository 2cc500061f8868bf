package network.pot.p2p.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.KeyAgreement;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Sha256;

/**
 * The connection handshake as a pure state machine (no sockets): mutual authentication of node keys
 * plus an encrypted session.
 *
 * <ol>
 *   <li>Both sides send a {@code hello}: magic and version, network id, static Ed25519 key, a fresh
 *       X25519 ephemeral key, a 32-byte random nonce, and the port they listen on.
 *   <li>Both compute the transcript hash {@code th = SHA-256(label ‖ initiatorHello ‖
 *       responderHello)} and the X25519 shared secret of the ephemeral keys; HKDF(salt = th) gives
 *       one AES-256-GCM key per direction.
 *   <li>Both send an {@code auth} frame, already encrypted: an Ed25519 signature by the static key
 *       over {@code label ‖ role ‖ th}. The role byte stops a signature from being reflected back;
 *       the transcript binds both nonces and both ephemeral keys, so a signature cannot be replayed
 *       into another session, and only the holder of the ephemeral secret can read or write it.
 * </ol>
 *
 * Every failure is a {@link Failure} value: the caller closes the connection and scores the peer.
 */
public final class Handshake {
  /** Which side opened the TCP connection. */
  public enum Role {
    INITIATOR,
    RESPONDER
  }

  /** Why a handshake failed. */
  public enum Failure {
    /** The frame has the wrong length or layout, or a key is not a valid curve point. */
    MALFORMED,
    /** Magic or protocol version differ. */
    WRONG_VERSION,
    /** The peer belongs to another network. */
    WRONG_NETWORK,
    /** The auth signature does not verify, or the auth frame fails decryption. */
    BAD_SIGNATURE,
    /** The peer's key is not the one the dialer expected. */
    UNEXPECTED_PEER,
    /** We connected to ourselves. */
    SELF_CONNECTION,
    /** A message arrived out of order. */
    OUT_OF_ORDER
  }

  /** What a completed handshake yields: who the peer is and the session ciphers. */
  public record Session(
      NodeId remote, int remoteListenPort, SessionCipher sender, SessionCipher receiver) {}

  /** The result of one step: either a failure or success (with a session after the last step). */
  public record Step(Optional<Failure> failure, Optional<Session> session) {
    static Step fail(Failure f) {
      return new Step(Optional.of(f), Optional.empty());
    }

    static Step ok() {
      return new Step(Optional.empty(), Optional.empty());
    }

    public boolean failed() {
      return failure.isPresent();
    }
  }

  /** Size of a hello frame in bytes. */
  public static final int HELLO_BYTES = 4 + 32 + 32 + 32 + 32 + 4;

  private static final byte[] MAGIC = {'P', 'O', 'T', 1};
  private static final byte[] LABEL = "pot-p2p/1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AUTH_LABEL = "pot-p2p/1 auth".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEYS_LABEL = "pot-p2p/1 keys".getBytes(StandardCharsets.US_ASCII);

  private final NodeKey key;
  private final byte[] networkId;
  private final Role role;
  private final Optional<NodeId> expected;
  private final KeyPair ephemeral;
  private final byte[] hello;

  private byte[] transcript;
  private NodeId remote;
  private int remotePort;
  private SessionCipher sender;
  private SessionCipher receiver;

  /**
   * @param networkId 32 bytes naming the network (a hash of the genesis, say)
   * @param expected the key the dialer expects to reach, if known
   */
  public Handshake(
      NodeKey key,
      byte[] networkId,
      Role role,
      int listenPort,
      Optional<NodeId> expected,
      SecureRandom random) {
    if (networkId.length != 32) {
      throw new IllegalArgumentException("network id must be 32 bytes");
    }
    this.key = key;
    this.networkId = networkId.clone();
    this.role = role;
    this.expected = expected;
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("X25519");
      kpg.initialize(255, random);
      this.ephemeral = kpg.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    this.hello =
        new Writer(HELLO_BYTES)
            .raw(MAGIC)
            .raw(this.networkId)
            .raw(key.id().unsafeArray())
            .raw(RawKeys.rawX25519(ephemeral.getPublic()))
            .raw(nonce)
            .u32(listenPort)
            .toByteArray();
  }

  /** Our hello frame; both sides send it first. */
  public byte[] hello() {
    return hello.clone();
  }

  /** Processes the peer's hello and derives the session keys. */
  public Step onHello(byte[] remoteHello) {
    if (transcript != null) {
      return Step.fail(Failure.OUT_OF_ORDER);
    }
    if (remoteHello.length != HELLO_BYTES) {
      return Step.fail(Failure.MALFORMED);
    }
    byte[] magic;
    byte[] net;
    byte[] stat;
    byte[] eph;
    int portHigh;
    int port;
    try {
      Reader in = new Reader(remoteHello);
      magic = in.raw(MAGIC.length);
      net = in.raw(32);
      stat = in.raw(32);
      eph = in.raw(32);
      in.raw(32); // nonce: bound through the transcript
      // the port is a u32 on the wire: a port when its high half is zero
      portHigh = in.u16();
      port = in.u16();
      in.end();
    } catch (DecodeException e) {
      return Step.fail(Failure.MALFORMED);
    }
    if (!Arrays.equals(magic, MAGIC)) {
      return Step.fail(Failure.WRONG_VERSION);
    }
    if (!MessageDigest.isEqual(net, networkId)) {
      return Step.fail(Failure.WRONG_NETWORK);
    }
    NodeId peer = NodeId.of(stat);
    if (peer.equals(key.id())) {
      return Step.fail(Failure.SELF_CONNECTION);
    }
    if (expected.isPresent() && !expected.get().equals(peer)) {
      return Step.fail(Failure.UNEXPECTED_PEER);
    }
    if (portHigh != 0) {
      return Step.fail(Failure.MALFORMED);
    }
    byte[] shared;
    try {
      KeyAgreement ka = KeyAgreement.getInstance("X25519");
      ka.init(ephemeral.getPrivate());
      ka.doPhase(RawKeys.x25519(eph), true);
      shared = ka.generateSecret();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Step.fail(Failure.MALFORMED); // includes low-order points (all-zero secret)
    }
    byte[] first = role == Role.INITIATOR ? hello : remoteHello;
    byte[] second = role == Role.INITIATOR ? remoteHello : hello;
    transcript = Sha256.of(LABEL, first, second);
    byte[] keys = Hkdf.derive(transcript, shared, KEYS_LABEL, 64);
    SessionCipher i2r = new SessionCipher(Arrays.copyOfRange(keys, 0, 32));
    SessionCipher r2i = new SessionCipher(Arrays.copyOfRange(keys, 32, 64));
    sender = role == Role.INITIATOR ? i2r : r2i;
    receiver = role == Role.INITIATOR ? r2i : i2r;
    remote = peer;
    remotePort = port;
    return Step.ok();
  }

  /** The key the peer's hello claims (not yet proven); null before {@link #onHello}. */
  public NodeId claimedRemote() {
    return remote;
  }

  /** Our auth frame (encrypted); valid only after a successful {@link #onHello}. */
  public byte[] auth() {
    if (transcript == null) {
      throw new IllegalStateException("auth before hello");
    }
    return sender.seal(key.sign(authMessage(role)));
  }

  /** Verifies the peer's auth frame; on success the step carries the session. */
  public Step onAuth(byte[] sealedAuth) {
    if (transcript == null) {
      return Step.fail(Failure.OUT_OF_ORDER);
    }
    byte[] signature;
    try {
      signature = receiver.open(sealedAuth);
    } catch (AEADBadTagException e) {
      return Step.fail(Failure.BAD_SIGNATURE);
    }
    Role remoteRole = role == Role.INITIATOR ? Role.RESPONDER : Role.INITIATOR;
    if (signature.length != 64 || !NodeKey.verify(remote, authMessage(remoteRole), signature)) {
      return Step.fail(Failure.BAD_SIGNATURE);
    }
    return new Step(
        Optional.empty(), Optional.of(new Session(remote, remotePort, sender, receiver)));
  }

  /**
   * What the auth signature covers: label, signer's role (0 initiator, 1 responder), transcript.
   */
  private byte[] authMessage(Role signer) {
    return new Writer(AUTH_LABEL.length + 1 + transcript.length)
        .raw(AUTH_LABEL)
        .u8(signer == Role.INITIATOR ? 0 : 1)
        .raw(transcript)
        .toByteArray();
  }
}
