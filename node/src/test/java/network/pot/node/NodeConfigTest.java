package network.pot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.node.work.MinerPolicy;
import network.pot.p2p.peer.PeerAddress;
import network.pot.proof.collab.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [miner]}, {@code [watcher]} and {@code [p2p]} tables: defaults, values and typos. */
class NodeConfigTest {
  @TempDir Path dir;

  private NodeConfig read(String toml) throws IOException {
    Path file = dir.resolve("node.toml");
    Files.writeString(file, toml);
    return NodeConfig.read(file);
  }

  @Test
  void theMinerPolicyDefaultsAndTakesEachLimitFromTheMinerTable() throws IOException {
    assertThat(read("").minerPolicy()).isEqualTo(MinerPolicy.DEFAULT);
    NodeConfig c =
        read(
            """
            [miner]
            enabled = true
            max_steps = 500
            max_deadline_blocks = 60
            max_model_params = 300000
            max_proof_bytes = 1000000000
            max_concurrent_tasks = 3
            max_bond = 20000
            """);
    assertThat(c.miner()).isTrue();
    assertThat(c.minerPolicy())
        .isEqualTo(new MinerPolicy(500, 60, 300_000, 1_000_000_000L, 3, 20_000));
    assertThat(read("[miner]\nmax_bond = 7\n").minerPolicy())
        .isEqualTo(
            new MinerPolicy(
                MinerPolicy.DEFAULT.maxSteps(),
                MinerPolicy.DEFAULT.maxDeadlineBlocks(),
                MinerPolicy.DEFAULT.maxModelParams(),
                MinerPolicy.DEFAULT.maxProofBytes(),
                MinerPolicy.DEFAULT.maxConcurrentTasks(),
                7));
  }

  @Test
  void aMisspelledOrNonPositiveMinerLimitIsAnError() {
    assertThatThrownBy(() -> read("[miner]\nmax_step = 5\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown key 'miner.max_step'");
    assertThatThrownBy(() -> read("[miner]\nmax_concurrent_tasks = 0\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("miner.max_concurrent_tasks must be positive");
  }

  @Test
  void faultsAreOffByDefaultAndACollaborativeFaultIsNamedExactly() throws IOException {
    assertThat(read("").faults()).isEqualTo(NodeConfig.Faults.NONE);
    assertThat(read("[faults]\ncollab_update = \"wrong_lr\"\n").faults())
        .isEqualTo(new NodeConfig.Faults(false, false, Simulation.Behaviour.WRONG_LR));
    assertThat(read("[faults]\ndouble_sign = true\n").faults().doubleSign()).isTrue();
    assertThatThrownBy(() -> read("[faults]\ncollab_update = \"WRONG_LR\"\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("faults.collab_update must be one of honest,")
        .hasMessageContaining("got \"WRONG_LR\"");
    assertThatThrownBy(() -> read("[faults]\nfabricate = true\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown key 'faults.fabricate'");
  }

  @Test
  void everyVerifyingNodeWatchesByDefault() throws IOException {
    NodeConfig.Watcher w = read("").watcher();
    assertThat(w.enabled()).as("a node verifies by default, and so it watches").isTrue();
    assertThat(w.samples()).isEqualTo(2);
    assertThat(w.proofsPerPass()).isEqualTo(2);
    assertThat(read("[verifier]\nenabled = false\n").watcher().enabled()).isFalse();
    assertThat(read("[watcher]\nsamples = 5\nproofs_per_pass = 1\n").watcher())
        .isEqualTo(new NodeConfig.Watcher(true, 5, 1));
  }

  @Test
  void theP2pTableTakesSeedsPeersWithNodeIdsAndConnectionLimits() throws IOException {
    String id = "ab".repeat(32);
    NodeConfig d = read("");
    assertThat(d.p2p().seeds()).isEmpty();
    assertThat(d.p2p().peerExchange()).isTrue();
    assertThat(d.p2p().targetPeers()).isEqualTo(16);
    assertThat(d.p2p().maxInboundPerIp()).isEqualTo(8);
    NodeConfig c =
        read(
            """
            [p2p]
            listen = "0.0.0.0:26656"
            advertise_port = 36656
            peers = ["10.0.0.2:26656", "%s@10.0.0.3:26656"]
            seeds = ["%s@seed.example:26656"]
            peer_exchange = false
            target_peers = 5
            max_inbound = 100
            max_outbound = 10
            max_inbound_per_ip = 2
            max_inbound_per_subnet = 4
            """
                .formatted(id, id));
    assertThat(c.peers()).hasSize(2);
    assertThat(c.peers().get(0).id()).isEmpty();
    assertThat(c.peers().get(1).id().orElseThrow().toHex()).isEqualTo(id);
    assertThat(c.peers().get(1).address().getPort()).isEqualTo(26656);
    assertThat(c.p2p().seeds())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id().orElseThrow().toHex()).isEqualTo(id);
              assertThat(s.address().getHostString()).isEqualTo("seed.example");
            });
    assertThat(c.p2p())
        .extracting(
            NodeConfig.P2pOptions::advertisePort,
            NodeConfig.P2pOptions::peerExchange,
            NodeConfig.P2pOptions::targetPeers,
            NodeConfig.P2pOptions::maxInbound,
            NodeConfig.P2pOptions::maxOutbound,
            NodeConfig.P2pOptions::maxInboundPerIp,
            NodeConfig.P2pOptions::maxInboundPerSubnet)
        .containsExactly(36656, false, 5, 100, 10, 2, 4);
    String more = "cd".repeat(32) + "@10.0.0.9:1";
    assertThat(c.withSeeds(List.of(PeerAddress.parse("--seeds", more))).p2p().seeds()).hasSize(2);
  }

  @Test
  void aBadP2pValueNamesItsKey() {
    assertThatThrownBy(() -> read("[p2p]\nseed = []\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown key 'p2p.seed'");
    assertThatThrownBy(() -> read("[p2p]\nseeds = [\"xyz@10.0.0.1:1\"]\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("p2p.seeds: bad node id");
    assertThatThrownBy(() -> read("[p2p]\npeers = [\"10.0.0.1\"]\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("p2p.peers: expected host:port");
    assertThatThrownBy(() -> read("[p2p]\nmax_inbound_per_ip = 9\nmax_inbound_per_subnet = 3\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("max_inbound_per_subnet must be at least");
    assertThatThrownBy(() -> read("[p2p]\nadvertise_port = 70000\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("p2p.advertise_port");
  }

  @Test
  void theStorageTableDefaultsAndTakesRetentionPerKind() throws IOException {
    assertThat(read("").storage()).isEqualTo(network.pot.node.storage.StorageConfig.DEFAULT);
    NodeConfig c =
        read(
            """
            [storage]
            gc_interval_blocks = 0
            min_free_bytes = 5000

            [storage.retention]
            checkpoints = "forever"
            other = "needed"
            pin_own_models = false
            margin_blocks = 7
            """);
    var s = c.storage();
    assertThat(s.gcIntervalBlocks()).isZero();
    assertThat(s.minFreeBytes()).isEqualTo(5000);
    assertThat(s.retention().keep(network.pot.node.storage.BlobKind.CHECKPOINT))
        .isEqualTo(network.pot.node.storage.RetentionPolicy.Keep.FOREVER);
    assertThat(s.retention().keep(network.pot.node.storage.BlobKind.OTHER))
        .isEqualTo(network.pot.node.storage.RetentionPolicy.Keep.NEEDED);
    assertThat(s.retention().keep(network.pot.node.storage.BlobKind.DATASET))
        .isEqualTo(network.pot.node.storage.RetentionPolicy.Keep.NEEDED);
    assertThat(s.retention().pinOwnModels()).isFalse();
    assertThat(s.retention().marginBlocks()).isEqualTo(7);
    assertThatThrownBy(() -> read("[storage.retention]\ndatasets = \"sometimes\"\n"))
        .hasMessageContaining("storage.retention.datasets");
    assertThatThrownBy(() -> read("[storage]\nmin_free = 1\n"))
        .hasMessageContaining("unknown key 'storage.min_free'");
  }
}
