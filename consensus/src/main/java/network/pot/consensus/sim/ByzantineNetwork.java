package network.pot.consensus.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.Network;
import network.pot.consensus.Proposal;
import network.pot.consensus.Vote;
import network.pot.consensus.crypto.Signer;

/**
 * The outgoing side of a Byzantine node. The node underneath runs the honest state machine (so it
 * knows what an honest message would be); this network rewrites what it sends according to one
 * behaviour, signing with the node's own key only: equivocation, conflicting votes, invalid
 * proposals, garbage, silence or selective delay.
 */
final class ByzantineNetwork implements Network {
  private final Fault behaviour;
  private final int self;
  private final int n;
  private final Outbox outbox;
  private final Signer signer;
  private final String chainId;
  private final SimApplication app;
  private final SplittableRandom rnd;
  private final int maxMessageBytes;
  private final boolean[] victims;

  ByzantineNetwork(
      Fault behaviour,
      int self,
      int n,
      Outbox outbox,
      Signer signer,
      String chainId,
      SimApplication app,
      SplittableRandom rnd,
      int maxMessageBytes) {
    this.behaviour = behaviour;
    this.self = self;
    this.n = n;
    this.outbox = outbox;
    this.signer = signer;
    this.chainId = chainId;
    this.app = app;
    this.rnd = rnd;
    this.maxMessageBytes = maxMessageBytes;
    this.victims = new boolean[n];
    for (int i = 0; i < n; i++) {
      victims[i] = rnd.nextBoolean();
    }
  }

  @Override
  public void broadcast(byte[] message) {
    ConsensusMessage m = decodeOwn(message);
    switch (behaviour) {
      case SILENT -> {}
      case EQUIVOCATE -> equivocate(m, message);
      case CONFLICTING_VOTES -> conflictingVotes(m, message);
      case INVALID_PROPOSAL -> toAll(m instanceof Proposal p ? encode(invalid(p)) : message);
      case GARBAGE -> {
        toAll(message);
        garbage(message);
      }
      case SELECTIVE_DELAY -> {
        for (int to = 0; to < n; to++) {
          if (to != self) {
            outbox.post(
                self, to, message, victims[to] ? FaultPlan.ms(1000 + rnd.nextInt(3000)) : 0);
          }
        }
      }
      default -> toAll(message);
    }
  }

  @Override
  public void send(int peer, byte[] message) {
    if (behaviour != Fault.SILENT) {
      outbox.post(self, peer, message, 0);
    }
  }

  private void toAll(byte[] message) {
    for (int to = 0; to < n; to++) {
      if (to != self) {
        outbox.post(self, to, message, 0);
      }
    }
  }

  /** Version A to even peers, version B to odd peers, both to one witness. */
  private void equivocate(ConsensusMessage m, byte[] original) {
    byte[] other;
    if (m instanceof Proposal p) {
      ConsensusBlock b = p.block();
      ConsensusBlock alt =
          new ConsensusBlock(
              b.height(),
              b.parent(),
              b.lastCommit(),
              b.evidence(),
              app.alternativePayload(b.height(), b.parent(), rnd.nextInt(1000)));
      other =
          encode(
              Proposal.sign(
                  chainId, signer, p.round(), p.validRound(), alt, p.proposer(), p.polka()));
    } else if (m instanceof Vote v) {
      other = encode(revote(v, v.isNil() ? randomHash() : null));
    } else {
      toAll(original);
      return;
    }
    int witness = (self + 1 + rnd.nextInt(n - 1)) % n;
    for (int to = 0; to < n; to++) {
      if (to != self) {
        outbox.post(self, to, to % 2 == 0 ? original : other, 0);
        if (to == witness) {
          outbox.post(self, to, to % 2 == 0 ? other : original, 0);
        }
      }
    }
  }

  private void conflictingVotes(ConsensusMessage m, byte[] original) {
    toAll(original);
    if (m instanceof Vote v) {
      toAll(encode(revote(v, randomHash())));
      if (rnd.nextInt(4) == 0) {
        Vote ahead =
            Vote.sign(
                chainId,
                signer,
                v.type(),
                v.height(),
                v.round() + 1 + rnd.nextInt(3),
                randomHash(),
                v.validator());
        toAll(encode(ahead));
      }
    }
  }

  private Vote revote(Vote v, Hash target) {
    return Vote.sign(chainId, signer, v.type(), v.height(), v.round(), target, v.validator());
  }

  private Proposal invalid(Proposal p) {
    ConsensusBlock b = p.block();
    ConsensusBlock bad =
        switch (rnd.nextInt(3)) {
          case 0 ->
              new ConsensusBlock(
                  b.height(),
                  b.parent(),
                  b.lastCommit(),
                  b.evidence(),
                  app.invalidPayload(b.height(), b.parent()));
          case 1 ->
              new ConsensusBlock(
                  b.height(),
                  randomHash(),
                  b.lastCommit(),
                  b.evidence(),
                  app.proposePayload(b.height(), b.parent(), b.lastCommit()));
          default ->
              new ConsensusBlock(
                  b.height(),
                  b.parent(),
                  b.height() == 1 ? b.lastCommit() : null,
                  b.evidence(),
                  b.height() == 1 ? app.invalidPayload(1, b.parent()) : b.payload());
        };
    return Proposal.sign(chainId, signer, p.round(), p.validRound(), bad, p.proposer(), p.polka());
  }

  private void garbage(byte[] message) {
    int to = (self + 1 + rnd.nextInt(n - 1)) % n;
    switch (rnd.nextInt(6)) {
      case 0 -> {
        byte[] junk = new byte[rnd.nextInt(512)];
        rnd.nextBytes(junk);
        outbox.post(self, to, junk, 0);
      }
      case 1 -> outbox.post(self, to, Arrays.copyOf(message, message.length / 2), 0);
      case 2 -> {
        byte[] flipped = message.clone();
        flipped[rnd.nextInt(flipped.length)] ^= (byte) (1 << rnd.nextInt(8));
        outbox.post(self, to, flipped, 0);
      }
      case 3 -> {
        if (rnd.nextInt(50) == 0) {
          outbox.post(self, to, new byte[maxMessageBytes + 1], 0);
        }
      }
      case 4 -> {
        byte[] forged = message.clone();
        forged[forged.length - 1] ^= 1;
        outbox.post(self, to, forged, 0);
      }
      default -> outbox.post(self, to, new byte[] {(byte) rnd.nextInt(256)}, 0);
    }
  }

  private Hash randomHash() {
    byte[] h = new byte[Hash.SIZE];
    rnd.nextBytes(h);
    return Hash.of(h);
  }

  private static byte[] encode(ConsensusMessage m) {
    return MessageCodec.encode(m);
  }

  private static ConsensusMessage decodeOwn(byte[] message) {
    try {
      return MessageCodec.decode(message, Integer.MAX_VALUE - 16);
    } catch (DecodeException e) {
      throw new IllegalStateException("the node under a Byzantine network sent malformed bytes", e);
    }
  }
}
