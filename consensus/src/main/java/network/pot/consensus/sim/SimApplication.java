package network.pot.consensus.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.consensus.Application;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ValidatorSet;

/**
 * The application of a simulated node. A payload is {@code magic, height, parent, proposer, filler,
 * SHA-256 of everything before it}: the filler stands for the block's transactions (its size is
 * what the network has to move), the checksum and header give the validity check teeth, so a
 * Byzantine proposer can produce payloads that honest nodes must reject.
 */
final class SimApplication implements Application {
  /** Bytes a payload adds to its filler. */
  static final int OVERHEAD = 4 + 8 + 32 + 4 + 32;

  private static final int MAGIC = 0x504f5453;
  private static final byte[] MAGIC_BYTES = new Writer(4).u32(MAGIC).toByteArray();

  private final SimValidators validators;
  private final int fillerBytes;
  private final int node;
  private final long seed;

  SimApplication(SimValidators validators, int fillerBytes, int node, long seed) {
    this.validators = validators;
    this.fillerBytes = fillerBytes;
    this.node = node;
    this.seed = seed;
  }

  @Override
  public byte[] proposePayload(long height, Hash parent, CommitCertificate lastCommit) {
    return payload(height, parent, node);
  }

  /** A valid payload that differs from this node's normal one (equivocation). */
  byte[] alternativePayload(long height, Hash parent, int salt) {
    return payload(height, parent, node + 1_000_000 * (salt + 1));
  }

  /** A payload that fails the check (its checksum is wrong). */
  byte[] invalidPayload(long height, Hash parent) {
    byte[] p = payload(height, parent, node);
    p[p.length - 1] ^= 1;
    return p;
  }

  private byte[] payload(long height, Hash parent, int proposer) {
    byte[] filler = new byte[fillerBytes];
    new SplittableRandom(seed ^ (height * 31 + proposer)).nextBytes(filler);
    Writer w = new Writer(OVERHEAD + fillerBytes);
    w.u32(MAGIC).u64(height).raw(parent.unsafeArray()).u32(proposer).raw(filler);
    return w.raw(Sha256.of(w.toByteArray())).toByteArray();
  }

  @Override
  public PayloadCheck checkPayload(
      long height, Hash parent, CommitCertificate lastCommit, byte[] payload) {
    return check(height, parent, payload);
  }

  static PayloadCheck check(long height, Hash parent, byte[] payload) {
    if (payload.length < OVERHEAD) {
      return PayloadCheck.invalid("short payload");
    }
    Reader r = new Reader(payload);
    try {
      if (!Arrays.equals(r.raw(4), MAGIC_BYTES)) {
        return PayloadCheck.invalid("bad magic");
      }
      if (r.u64() != height) {
        return PayloadCheck.invalid("wrong height");
      }
      if (!Hash.of(r.raw(Hash.SIZE)).equals(parent)) {
        return PayloadCheck.invalid("wrong parent");
      }
    } catch (DecodeException e) {
      return PayloadCheck.invalid("short payload");
    }
    int body = payload.length - Hash.SIZE;
    byte[] sum = Sha256.of(Arrays.copyOf(payload, body));
    if (!Arrays.equals(sum, 0, Hash.SIZE, payload, body, payload.length)) {
      return PayloadCheck.invalid("bad checksum");
    }
    return PayloadCheck.VALID;
  }

  @Override
  public void commit(ConsensusBlock block, CommitCertificate certificate) {
    // The simulator checks commits through the node's listener; there is no state to update.
  }

  @Override
  public ValidatorSet validatorSet(long epoch) {
    return validators.setFor(epoch);
  }
}
