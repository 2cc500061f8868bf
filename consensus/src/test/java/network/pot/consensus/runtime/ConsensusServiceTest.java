package network.pot.consensus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import network.pot.base.crypto.Hash;
import network.pot.consensus.Application;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ConsensusConfig;
import network.pot.consensus.ConsensusListener;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.ConsensusValidator;
import network.pot.consensus.MemoryBlockStore;
import network.pot.consensus.Network;
import network.pot.consensus.ValidatorSet;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import network.pot.consensus.wal.FileVoteLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes on real threads and the real clock, one consensus thread each, Ed25519 and fsynced
 * vote logs; messages cross between their event queues. One node is stopped mid-run and restarted
 * from its vote log and block store, and must catch up.
 */
@org.junit.jupiter.api.Timeout(120)
class ConsensusServiceTest {
  @TempDir Path dir;

  private final List<Signer> signers = new ArrayList<>();
  private final ConsensusService[] services = new ConsensusService[4];
  private final MemoryBlockStore[] stores = new MemoryBlockStore[4];
  private final long[] heights = new long[4];
  private final Map<Long, Hash> committed = new ConcurrentHashMap<>();
  private final AtomicReference<String> violation = new AtomicReference<>();
  private final Object progress = new Object();
  private ValidatorSet set;

  private final Application app =
      new Application() {
        @Override
        public byte[] proposePayload(long height, Hash parent, CommitCertificate lastCommit) {
          return ("txs at " + height).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public PayloadCheck checkPayload(
            long height, Hash parent, CommitCertificate lastCommit, byte[] payload) {
          return PayloadCheck.VALID;
        }

        @Override
        public void commit(ConsensusBlock block, CommitCertificate certificate) {}

        @Override
        public ValidatorSet validatorSet(long epoch) {
          return set;
        }
      };

  @AfterEach
  void stopAll() {
    for (ConsensusService s : services) {
      if (s != null) {
        s.close();
      }
    }
  }

  private ConsensusService boot(int i) {
    ConsensusConfig config =
        ConsensusConfig.builder()
            .chainId("runtime-test")
            .epochLength(100)
            .proposeTimeoutMs(400)
            .prevoteTimeoutMs(200)
            .precommitTimeoutMs(200)
            .timeoutGrowthPercent(150)
            .maxTimeoutFactor(8)
            .maxRoundLead(1000)
            .retransmitMs(500)
            .syncIntervalMs(200)
            .maxFutureMessages(10_000)
            .maxEvidencePerBlock(16)
            .evidenceMaxAge(100)
            .maxPayloadBytes(1 << 20)
            .blockIntervalMs(100)
            .build();
    Network net =
        new Network() {
          @Override
          public void broadcast(byte[] message) {
            for (int to = 0; to < services.length; to++) {
              if (to != i) {
                send(to, message);
              }
            }
          }

          @Override
          public void send(int peer, byte[] message) {
            ConsensusService target = services[peer];
            if (target != null && target.running()) {
              target.deliver(i, message);
            }
          }
        };
    ConsensusListener listener =
        new ConsensusListener() {
          @Override
          public void onCommit(ConsensusBlock block, CommitCertificate cert, long nowMillis) {
            Hash first = committed.putIfAbsent(block.height(), block.hash());
            if (first != null && !first.equals(block.hash())) {
              violation.set("two blocks at height " + block.height());
            }
            synchronized (progress) {
              heights[i] = block.height();
              progress.notifyAll();
            }
          }
        };
    return new ConsensusService(
        "node-" + i,
        Clock.systemUTC(),
        scheduler -> {
          try {
            return new ConsensusNode(
                config,
                signers.get(i),
                Ed25519Keys.verifier(),
                app,
                stores[i],
                new FileVoteLog(dir.resolve("node-" + i + ".wal"), true),
                net,
                scheduler,
                listener,
                "node-" + i);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        e -> violation.set("consensus thread failed: " + e));
  }

  private void awaitHeight(long h, int... nodes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (progress) {
      for (int n : nodes) {
        while (heights[n] < h) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          assertThat(left).as("node %d reaching height %d", n, h).isPositive();
          progress.wait(left);
        }
      }
    }
  }

  @Test
  void commitsOnRealThreadsAndARestartedNodeCatchesUp() throws Exception {
    List<ConsensusValidator> vs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] seed = new byte[32];
      seed[31] = (byte) (i + 7);
      signers.add(Ed25519Keys.fromSeed(seed));
      vs.add(new ConsensusValidator(signers.get(i).publicKey(), 1));
      stores[i] = new MemoryBlockStore();
    }
    set = new ValidatorSet(vs);
    for (int i = 0; i < 4; i++) {
      services[i] = boot(i);
    }
    awaitHeight(3, 0, 1, 2, 3);

    services[3].close();
    long stoppedAt = heights[3];
    awaitHeight(stoppedAt + 3, 0, 1, 2);

    services[3] = boot(3);
    long target = Math.max(heights[0], heights[1]) + 2;
    awaitHeight(target, 0, 1, 2, 3);
    assertThat(violation.get()).isNull();
    for (long h = 1; h <= target; h++) {
      for (MemoryBlockStore s : stores) {
        assertThat(s.block(h).map(ConsensusBlock::hash)).contains(committed.get(h));
      }
    }
  }

  @Test
  void aFailingEventHaltsTheLoopLoudly() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop("halting", e -> failed.countDown())) {
      loop.post(
          () -> {
            throw new IllegalStateException("bug");
          });
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.failure()).hasMessage("bug");
      assertThat(loop.running()).isFalse();
    }
  }
}
