package network.pot.consensus;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.DecodeException.Reason;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/**
 * The canonical binary encoding of consensus messages: one tag byte, then big-endian fields (the
 * project's canonical {@link Writer} and {@link Reader}), with lengths and counts checked on
 * decode. Decoding untrusted bytes never throws anything but {@link DecodeException}, and a decoded
 * message re-encodes to the same bytes.
 */
public final class MessageCodec {
  private static final int TAG_PROPOSAL = 1;
  private static final int TAG_VOTE = 2;
  private static final int TAG_SYNC_REQUEST = 3;
  private static final int TAG_SYNC_RESPONSE = 4;
  private static final int MAX_SIGNATURE = 256;
  private static final int MAX_VOTES = 100_000;
  private static final int MAX_EVIDENCE = 10_000;

  /** One vote of a polka or certificate on the wire: its validator and signature. */
  private record Signed(int validator, Bytes signature) {}

  private MessageCodec() {}

  /** Encodes {@code m}. */
  public static byte[] encode(ConsensusMessage m) {
    if (m instanceof Proposal p) {
      byte[] block = p.block().encodedUnsafe();
      Writer w = new Writer(block.length + 128).u8(TAG_PROPOSAL);
      w.u64(p.height()).u32(p.round()).u32(p.validRound()).u32(p.proposer());
      w.bytes(Bytes.wrap(p.signature())).list(p.polka(), MessageCodec::writeSigned);
      w.raw(block);
      return w.toByteArray();
    } else if (m instanceof Vote v) {
      Writer w = new Writer(128).u8(TAG_VOTE);
      writeVote(w, v);
      return w.toByteArray();
    } else if (m instanceof SyncRequest r) {
      return new Writer(16).u8(TAG_SYNC_REQUEST).u64(r.height()).toByteArray();
    } else if (m instanceof SyncResponse s) {
      byte[] block = s.block().encodedUnsafe();
      Writer w = new Writer(block.length + 4096).u8(TAG_SYNC_RESPONSE);
      writeCertificate(w, s.certificate());
      w.raw(block);
      return w.toByteArray();
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  /** Decodes one message; {@code maxPayload} bounds the block payload length accepted. */
  public static ConsensusMessage decode(byte[] bytes, int maxPayload) throws DecodeException {
    Reader r = new Reader(bytes);
    int tag = r.u8();
    ConsensusMessage m =
        switch (tag) {
          case TAG_PROPOSAL -> readProposal(r, maxPayload);
          case TAG_VOTE -> readVote(r);
          case TAG_SYNC_REQUEST -> new SyncRequest(positive(r.u64()));
          case TAG_SYNC_RESPONSE -> {
            CommitCertificate c = readCertificate(r);
            yield new SyncResponse(readBlock(r, maxPayload), c);
          }
          default -> throw new DecodeException(Reason.UNKNOWN_TAG, "message tag " + tag);
        };
    r.end();
    return m;
  }

  private static Proposal readProposal(Reader r, int maxPayload) throws DecodeException {
    long height = positive(r.u64());
    int round = r.u32();
    int validRound = readValidRound(r);
    if (validRound >= round) {
      throw new DecodeException(
          Reason.INVALID_VALUE, "valid round " + validRound + " for round " + round);
    }
    int proposer = r.u32();
    byte[] sig = readSignature(r);
    List<Signed> signed = readSortedSigned(r, validRound < 0 ? 0 : MAX_VOTES, "polka");
    ConsensusBlock block = readBlock(r, maxPayload);
    if (block.height() != height) {
      throw new DecodeException(Reason.INVALID_VALUE, "proposal height differs from its block's");
    }
    List<Vote> polka = new ArrayList<>(signed.size());
    for (Signed s : signed) {
      polka.add(
          new Vote(
              VoteType.PREVOTE,
              height,
              validRound,
              block.hash(),
              s.validator(),
              s.signature().unsafeArray()));
    }
    return new Proposal(height, round, validRound, block, proposer, sig, polka);
  }

  /** A valid round: a non-negative u32, or -1 (a fresh block) as the u32 with every bit set. */
  private static int readValidRound(Reader r) throws DecodeException {
    int round = r.i32();
    if (round < -1) {
      throw new DecodeException(
          DecodeException.Reason.OVERSIZE, "valid round " + (round & 0xffffffffL));
    }
    return round;
  }

  static void writeBlock(Writer w, ConsensusBlock b) {
    w.u64(b.height()).raw(b.parent().unsafeArray());
    w.bool(b.lastCommit() != null);
    if (b.lastCommit() != null) {
      writeCertificate(w, b.lastCommit());
    }
    w.list(
        b.evidence(),
        (x, e) -> {
          writeVote(x, e.first());
          writeVote(x, e.second());
        });
    w.bytes(Bytes.wrap(b.payloadUnsafe()));
  }

  private static ConsensusBlock readBlock(Reader r, int maxPayload) throws DecodeException {
    long height = positive(r.u64());
    Hash parent = readHash(r);
    CommitCertificate lastCommit = r.bool() ? readCertificate(r) : null;
    List<Evidence> evidence = r.list(MAX_EVIDENCE, MessageCodec::readEvidence);
    byte[] payload = r.bytes(maxPayload).unsafeArray();
    return new ConsensusBlock(height, parent, lastCommit, evidence, payload);
  }

  private static Evidence readEvidence(Reader r) throws DecodeException {
    Vote a = readVote(r);
    Vote b = readVote(r);
    if (!a.sameSlot(b)) {
      throw new DecodeException(Reason.INVALID_VALUE, "evidence votes are for different slots");
    }
    return new Evidence(a, b);
  }

  /**
   * Type, height, round, an optional block hash (flag byte, then 32 bytes), validator, signature.
   */
  private static void writeVote(Writer w, Vote v) {
    w.u8(v.type() == VoteType.PREVOTE ? 1 : 2).u64(v.height()).u32(v.round());
    w.bool(v.blockHash() != null);
    if (v.blockHash() != null) {
      w.raw(v.blockHash().unsafeArray());
    }
    w.u32(v.validator()).bytes(Bytes.wrap(v.signature()));
  }

  private static Vote readVote(Reader r) throws DecodeException {
    int t = r.u8();
    if (t != 1 && t != 2) {
      throw new DecodeException(Reason.INVALID_VALUE, "vote type " + t);
    }
    long height = positive(r.u64());
    int round = r.u32();
    Hash hash = r.bool() ? readHash(r) : null;
    if (Hash.ZERO.equals(hash)) {
      // A nil vote signs the all-zero hash; the same signature read as a vote for that hash would
      // turn one honest nil vote into two conflicting votes (false equivocation evidence).
      throw new DecodeException(
          DecodeException.Reason.INVALID_VALUE, "vote for the all-zero hash (nil is absent)");
    }
    int validator = r.u32();
    byte[] sig = readSignature(r);
    return new Vote(
        t == 1 ? VoteType.PREVOTE : VoteType.PRECOMMIT, height, round, hash, validator, sig);
  }

  private static void writeCertificate(Writer w, CommitCertificate c) {
    w.u64(c.height()).u32(c.round()).raw(c.blockHash().unsafeArray());
    w.list(c.precommits(), MessageCodec::writeSigned);
  }

  private static CommitCertificate readCertificate(Reader r) throws DecodeException {
    long height = positive(r.u64());
    int round = r.u32();
    Hash hash = readHash(r);
    List<Signed> signed = readSortedSigned(r, MAX_VOTES, "certificate");
    List<Vote> votes = new ArrayList<>(signed.size());
    for (Signed s : signed) {
      votes.add(
          new Vote(
              VoteType.PRECOMMIT, height, round, hash, s.validator(), s.signature().unsafeArray()));
    }
    return new CommitCertificate(height, round, hash, votes);
  }

  private static void writeSigned(Writer w, Vote v) {
    w.u32(v.validator()).bytes(Bytes.wrap(v.signature()));
  }

  /** At most {@code max} (validator, signature) pairs, strictly ascending by validator. */
  private static List<Signed> readSortedSigned(Reader r, int max, String what)
      throws DecodeException {
    List<Signed> signed = r.list(max, x -> new Signed(x.u32(), x.bytes(MAX_SIGNATURE)));
    for (int i = 1; i < signed.size(); i++) {
      if (signed.get(i).validator() <= signed.get(i - 1).validator()) {
        throw new DecodeException(Reason.NON_CANONICAL, what + " votes not sorted by validator");
      }
    }
    return signed;
  }

  private static Hash readHash(Reader r) throws DecodeException {
    return Hash.of(r.raw(Hash.SIZE));
  }

  private static byte[] readSignature(Reader r) throws DecodeException {
    return r.bytes(MAX_SIGNATURE).unsafeArray();
  }

  private static long positive(long v) throws DecodeException {
    if (v < 1) {
      throw new DecodeException(Reason.INVALID_VALUE, "height must be positive: " + v);
    }
    return v;
  }
}
