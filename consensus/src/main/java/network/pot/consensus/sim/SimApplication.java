package network.pot.consensus.sim;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import network.pot.consensus.Application;
import network.pot.consensus.Block;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.Hash;
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
    ByteBuffer b = ByteBuffer.allocate(OVERHEAD + fillerBytes);
    b.putInt(MAGIC).putLong(height).put(parent.toBytes()).putInt(proposer).put(filler);
    b.put(Hash.sha256(Arrays.copyOf(b.array(), b.position())).toBytes());
    return b.array();
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
    ByteBuffer b = ByteBuffer.wrap(payload);
    if (b.getInt() != MAGIC) {
      return PayloadCheck.invalid("bad magic");
    }
    if (b.getLong() != height) {
      return PayloadCheck.invalid("wrong height");
    }
    byte[] p = new byte[Hash.LENGTH];
    b.get(p);
    if (!Hash.wrap(p).equals(parent)) {
      return PayloadCheck.invalid("wrong parent");
    }
    int body = payload.length - Hash.LENGTH;
    Hash sum = Hash.sha256(Arrays.copyOf(payload, body));
    if (!sum.equals(Hash.wrap(Arrays.copyOfRange(payload, body, payload.length)))) {
      return PayloadCheck.invalid("bad checksum");
    }
    return PayloadCheck.VALID;
  }

  @Override
  public void commit(Block block, CommitCertificate certificate) {
    // The simulator checks commits through the node's listener; there is no state to update.
  }

  @Override
  public ValidatorSet validatorSet(long epoch) {
    return validators.setFor(epoch);
  }
}
