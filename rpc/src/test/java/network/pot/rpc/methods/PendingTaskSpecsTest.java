package network.pot.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.node.api.ArtifactStore;
import org.junit.jupiter.api.Test;

/** Specs waiting for their task: the budget, the move to the artifacts, the expiry. */
class PendingTaskSpecsTest {
  private final Map<Bytes, byte[]> stored = new HashMap<>();
  private final ArtifactStore artifacts =
      new ArtifactStore() {
        @Override
        public void put(byte[] key, byte[] content) {
          stored.put(Bytes.wrap(key.clone()), content.clone());
        }

        @Override
        public boolean has(byte[] key) {
          return stored.containsKey(Bytes.wrap(key));
        }

        @Override
        public Optional<byte[]> fetch(byte[] key, int maxBytes, Check check) {
          return Optional.ofNullable(stored.get(Bytes.wrap(key)));
        }
      };

  private static Hash hash(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) i;
    return Hash.of(b);
  }

  @Test
  void aSpecGoesToTheArtifactsOnceATaskNamesItAndFreesItsShareOfTheBudget() throws Exception {
    PendingTaskSpecs p = new PendingTaskSpecs(artifacts, 100, 10);
    p.hold(hash(1), new byte[60], 5);
    assertThatThrownBy(() -> p.hold(hash(2), new byte[60], 5))
        .isInstanceOf(RpcError.class)
        .extracting(e -> ((RpcError) e).code())
        .isEqualTo(RpcError.LIMIT_EXCEEDED);
    p.hold(hash(1), new byte[60], 6); // the same spec again: held once
    assertThat(p.bytes()).isEqualTo(60);

    p.committed(6, Set.of(hash(1)));
    assertThat(artifacts.has(hash(1).toArray())).isTrue();
    assertThat(p.bytes()).isZero();
    p.hold(hash(2), new byte[60], 6);
    assertThat(p.holds(hash(2))).isTrue();
  }

  @Test
  void aSpecNoTaskNamesIsDroppedAfterItsBlocksAndNeverStored() throws Exception {
    PendingTaskSpecs p = new PendingTaskSpecs(artifacts, 100, 10);
    p.hold(hash(1), new byte[60], 5);
    p.committed(15, Set.of());
    assertThat(p.holds(hash(1))).isTrue();
    p.committed(16, Set.of());
    assertThat(p.holds(hash(1))).isFalse();
    assertThat(p.bytes()).isZero();
    assertThat(stored).isEmpty();
  }
}
