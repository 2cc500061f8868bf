package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import network.pot.base.crypto.Hash;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding: cheap messages made the consensus thread do expensive work or hold memory. Requests for
 * alternating heights slipped past the sync rate limit (each answer re-encoded a block of up to 2
 * MiB); next-height messages were buffered, up to 20,000 of them, before any signature check; and
 * an unsigned message naming a far height made the node ask its sender for blocks.
 */
@Tag("attack")
@org.junit.jupiter.api.Timeout(60)
class ConsensusDosAttackTest {
  @TempDir Path dir;

  /** A node (validator 3) that has committed heights 1 and 2. */
  private Harness twoHeights() throws IOException {
    Harness h = new Harness(dir, 3).start();
    for (int i = 0; i < 2; i++) {
      ConsensusBlock b = h.block("block " + h.node.height());
      if (h.node.proposer(0) == 3) {
        b = h.lastProposal().block();
      } else {
        h.deliver(h.proposal(0, -1, b, java.util.List.of()));
      }
      h.votesFromOthers(VoteType.PREVOTE, 0, b.hash(), 3);
      h.votesFromOthers(VoteType.PRECOMMIT, 0, b.hash(), 3);
    }
    assertThat(h.node.height()).isEqualTo(3);
    return h;
  }

  private static long count(Harness h, Class<?> type, long to) {
    long n = 0;
    for (int i = 0; i < h.sent.size(); i++) {
      if (type.isInstance(h.sent.get(i)) && h.sentTo.get(i) == to) {
        n++;
      }
    }
    return n;
  }

  @Test
  void alternatingSyncRequestsGetOneAnswerPerInterval() throws IOException {
    Harness h = twoHeights();
    int peer = 5;
    for (int i = 0; i < 1_000; i++) {
      h.node.onMessage(peer, MessageCodec.encode(new SyncRequest(1 + (i % 2))));
    }
    assertThat(count(h, SyncResponse.class, peer))
        .as("blocks served for 1,000 alternating requests within one sync interval")
        .isLessThanOrEqualTo(2);
    assertThat(h.rejected).contains(Rejection.RATE_LIMITED);
  }

  @Test
  void forgedNextHeightMessagesAreRefusedBeforeTheyAreBuffered() throws IOException {
    Harness h = twoHeights();
    long next = h.node.height() + 1;
    int before = h.rejected.size();
    for (int i = 0; i < 1_000; i++) {
      byte[] junk = new byte[64];
      junk[0] = (byte) i;
      junk[1] = (byte) (i >> 8);
      Vote forged = new Vote(VoteType.PREVOTE, next, i, Hash.sha256(new byte[] {1}), 1, junk);
      h.node.onMessage(7, MessageCodec.encode(forged));
    }
    assertThat(h.rejected.subList(before, h.rejected.size()))
        .as("forged next-height votes refused")
        .hasSize(1_000)
        .containsOnly(Rejection.BAD_SIGNATURE);
  }

  @Test
  void oneValidatorCannotFillTheNextHeightBuffer() throws IOException {
    Harness h = twoHeights();
    long next = h.node.height() + 1;
    int before = h.rejected.size();
    for (int r = 0; r < 1_000; r++) {
      Vote v =
          Vote.sign(
              Harness.CHAIN,
              h.signers.get(1),
              VoteType.PREVOTE,
              next,
              r,
              Hash.sha256(new byte[] {1}),
              1);
      h.node.onMessage(4, MessageCodec.encode(v));
    }
    long full =
        h.rejected.subList(before, h.rejected.size()).stream()
            .filter(x -> x == Rejection.BUFFER_FULL)
            .count();
    assertThat(full).as("next-height votes from one peer beyond its share").isGreaterThan(800);
  }

  @Test
  void peerMessagesBeyondTheEventQueueBoundAreDropped() throws InterruptedException {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (var service =
        new network.pot.consensus.runtime.ConsensusService(
            "busy",
            java.time.Clock.systemUTC(),
            scheduler -> {
              // keeps the consensus thread busy while the test floods it
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("no node in this test");
            },
            e -> {})) {
      int max = network.pot.consensus.runtime.ConsensusService.MAX_QUEUED_MESSAGES;
      int accepted = 0;
      for (int i = 0; i < max + 1_000; i++) {
        if (service.deliver(0, new byte[] {1})) {
          accepted++;
        }
      }
      assertThat(accepted).as("peer messages queued while the thread is busy").isEqualTo(max);
      release.countDown();
    }
  }

  @Test
  void anUnsignedFarHeightDoesNotMakeTheNodeAskItsSender() throws IOException {
    Harness h = twoHeights();
    Vote forged =
        new Vote(
            VoteType.PREVOTE,
            h.node.height() + 50,
            0,
            Hash.sha256(new byte[] {1}),
            1,
            new byte[64]);
    h.node.onMessage(9, MessageCodec.encode(forged));
    h.now += 10_000;
    h.fire(Timeout.Kind.PROPOSE);
    assertThat(count(h, SyncRequest.class, 9)).as("sync requests sent to the forger").isZero();
  }
}
