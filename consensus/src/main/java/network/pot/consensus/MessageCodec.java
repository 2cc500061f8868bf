package network.pot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical binary encoding of consensus messages: one tag byte, then big-endian fields, with
 * lengths and counts checked on decode. Decoding untrusted bytes never throws anything but {@link
 * MalformedException}, and a decoded message re-encodes to the same bytes.
 */
public final class MessageCodec {
  private static final int TAG_PROPOSAL = 1;
  private static final int TAG_VOTE = 2;
  private static final int TAG_SYNC_REQUEST = 3;
  private static final int TAG_SYNC_RESPONSE = 4;
  private static final int MAX_SIGNATURE = 256;
  private static final int MAX_VOTES = 100_000;
  private static final int MAX_EVIDENCE = 10_000;

  private MessageCodec() {}

  /** Encodes {@code m}. */
  public static byte[] encode(ConsensusMessage m) {
    if (m instanceof Proposal p) {
      byte[] block = p.block().encodedUnsafe();
      Writer w = new Writer(block.length + 128).putByte(TAG_PROPOSAL);
      w.putLong(p.height()).putInt(p.round()).putInt(p.validRound()).putInt(p.proposer());
      w.putBytes(p.signature()).putInt(p.polka().size());
      for (Vote v : p.polka()) {
        w.putInt(v.validator()).putBytes(v.signature());
      }
      w.putRaw(block);
      return w.toBytes();
    } else if (m instanceof Vote v) {
      Writer w = new Writer(128).putByte(TAG_VOTE);
      writeVote(w, v);
      return w.toBytes();
    } else if (m instanceof SyncRequest r) {
      return new Writer(16).putByte(TAG_SYNC_REQUEST).putLong(r.height()).toBytes();
    } else if (m instanceof SyncResponse s) {
      byte[] block = s.block().encodedUnsafe();
      Writer w = new Writer(block.length + 4096).putByte(TAG_SYNC_RESPONSE);
      writeCertificate(w, s.certificate());
      w.putRaw(block);
      return w.toBytes();
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  /** Decodes one message; {@code maxPayload} bounds the block payload length accepted. */
  public static ConsensusMessage decode(byte[] bytes, int maxPayload) throws MalformedException {
    Reader r = new Reader(bytes);
    int tag = r.getByte();
    ConsensusMessage m;
    switch (tag) {
      case TAG_PROPOSAL -> {
        long height = positive(r.getLong());
        int round = nonNegative(r.getInt());
        int validRound = r.getInt();
        if (validRound < -1 || validRound >= round) {
          throw new MalformedException("valid round " + validRound + " for round " + round);
        }
        int proposer = nonNegative(r.getInt());
        byte[] sig = r.getBytes(MAX_SIGNATURE);
        int n = count(r.getInt(), validRound < 0 ? 0 : MAX_VOTES);
        int[] polkaValidators = new int[n];
        byte[][] polkaSignatures = new byte[n][];
        for (int i = 0; i < n; i++) {
          polkaValidators[i] = nonNegative(r.getInt());
          if (i > 0 && polkaValidators[i] <= polkaValidators[i - 1]) {
            throw new MalformedException("polka votes not sorted by validator");
          }
          polkaSignatures[i] = r.getBytes(MAX_SIGNATURE);
        }
        Block block = readBlock(r, maxPayload);
        if (block.height() != height) {
          throw new MalformedException("proposal height differs from its block's");
        }
        List<Vote> polka = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          polka.add(
              new Vote(
                  VoteType.PREVOTE,
                  height,
                  validRound,
                  block.hash(),
                  polkaValidators[i],
                  polkaSignatures[i]));
        }
        m = new Proposal(height, round, validRound, block, proposer, sig, polka);
      }
      case TAG_VOTE -> m = readVote(r);
      case TAG_SYNC_REQUEST -> m = new SyncRequest(positive(r.getLong()));
      case TAG_SYNC_RESPONSE -> {
        CommitCertificate c = readCertificate(r);
        m = new SyncResponse(readBlock(r, maxPayload), c);
      }
      default -> throw new MalformedException("unknown tag " + tag);
    }
    r.expectEnd();
    return m;
  }

  static void writeBlock(Writer w, Block b) {
    w.putLong(b.height()).putHash(b.parent());
    if (b.lastCommit() == null) {
      w.putByte(0);
    } else {
      w.putByte(1);
      writeCertificate(w, b.lastCommit());
    }
    w.putInt(b.evidence().size());
    for (Evidence e : b.evidence()) {
      writeVote(w, e.first());
      writeVote(w, e.second());
    }
    w.putBytes(b.payloadUnsafe());
  }

  private static Block readBlock(Reader r, int maxPayload) throws MalformedException {
    long height = positive(r.getLong());
    Hash parent = r.getHash();
    int flag = r.getByte();
    CommitCertificate lastCommit;
    if (flag == 0) {
      lastCommit = null;
    } else if (flag == 1) {
      lastCommit = readCertificate(r);
    } else {
      throw new MalformedException("bad last-commit flag " + flag);
    }
    int n = count(r.getInt(), MAX_EVIDENCE);
    List<Evidence> evidence = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      Vote a = readVote(r);
      Vote b = readVote(r);
      if (!a.sameSlot(b)) {
        throw new MalformedException("evidence votes are for different slots");
      }
      evidence.add(new Evidence(a, b));
    }
    byte[] payload = r.getBytes(maxPayload);
    return new Block(height, parent, lastCommit, evidence, payload);
  }

  private static void writeVote(Writer w, Vote v) {
    w.putByte(v.type() == VoteType.PREVOTE ? 1 : 2).putLong(v.height()).putInt(v.round());
    SignedStatements.putOptionalHash(w, v.blockHash());
    w.putInt(v.validator()).putBytes(v.signature());
  }

  private static Vote readVote(Reader r) throws MalformedException {
    int t = r.getByte();
    if (t != 1 && t != 2) {
      throw new MalformedException("bad vote type " + t);
    }
    long height = positive(r.getLong());
    int round = nonNegative(r.getInt());
    Hash hash = r.getOptionalHash();
    int validator = nonNegative(r.getInt());
    byte[] sig = r.getBytes(MAX_SIGNATURE);
    return new Vote(
        t == 1 ? VoteType.PREVOTE : VoteType.PRECOMMIT, height, round, hash, validator, sig);
  }

  private static void writeCertificate(Writer w, CommitCertificate c) {
    w.putLong(c.height()).putInt(c.round()).putHash(c.blockHash()).putInt(c.precommits().size());
    for (Vote v : c.precommits()) {
      w.putInt(v.validator()).putBytes(v.signature());
    }
  }

  private static CommitCertificate readCertificate(Reader r) throws MalformedException {
    long height = positive(r.getLong());
    int round = nonNegative(r.getInt());
    Hash hash = r.getHash();
    int n = count(r.getInt(), MAX_VOTES);
    List<Vote> votes = new ArrayList<>(Math.min(n, 256));
    int previous = -1;
    for (int i = 0; i < n; i++) {
      int validator = nonNegative(r.getInt());
      if (validator <= previous) {
        throw new MalformedException("certificate votes not sorted by validator");
      }
      previous = validator;
      votes.add(
          new Vote(VoteType.PRECOMMIT, height, round, hash, validator, r.getBytes(MAX_SIGNATURE)));
    }
    return new CommitCertificate(height, round, hash, votes);
  }

  private static long positive(long v) throws MalformedException {
    if (v < 1) {
      throw new MalformedException("height must be positive: " + v);
    }
    return v;
  }

  private static int nonNegative(int v) throws MalformedException {
    if (v < 0) {
      throw new MalformedException("negative field: " + v);
    }
    return v;
  }

  private static int count(int n, int max) throws MalformedException {
    if (n < 0 || n > max) {
      throw new MalformedException("count " + n + " out of range");
    }
    return n;
  }
}
