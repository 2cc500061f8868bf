package network.pot.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The architecture as rules a build checks. The module list is the architecture; these rules are
 * what the module list alone cannot enforce: no cycles between packages inside a module, the
 * modules' one-way layering at the level of classes, a state machine without I/O or clocks, and a
 * consensus engine that knows nothing of the ledger or the network.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  /**
   * Each module's root package and the modules it may use, bottom to top. Anything not listed for a
   * module is forbidden to it.
   */
  static final Map<String, Set<String>> LAYERS = layers();

  private static Map<String, Set<String>> layers() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("base", Set.of());
    m.put("tensor", Set.of("base"));
    m.put("proof", Set.of("base", "tensor"));
    m.put("export", Set.of("base", "tensor"));
    m.put("chain", Set.of("base"));
    m.put("consensus", Set.of("base"));
    m.put("p2p", Set.of("base"));
    m.put("node", Set.of("base", "tensor", "proof", "chain", "consensus", "p2p"));
    m.put("rpc", Set.of("base", "tensor", "proof", "chain", "consensus", "p2p", "node"));
    m.put(
        "cli",
        Set.of("base", "tensor", "export", "proof", "chain", "consensus", "p2p", "node", "rpc"));
    return m;
  }

  /** No package depends, directly or through others, on itself, anywhere under {@code root}. */
  static ArchRule noPackageCycles(String root) {
    return slices()
        .matching(root + ".(**)")
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes two packages one, hiding which way the design points");
  }

  /** One rule per module: its classes use no PoT module outside its allowed set. */
  static List<ArchRule> layering() {
    List<ArchRule> rules = new ArrayList<>();
    for (var e : LAYERS.entrySet()) {
      List<String> forbidden = new ArrayList<>();
      for (String other : LAYERS.keySet()) {
        if (!other.equals(e.getKey()) && !e.getValue().contains(other)) {
          forbidden.add("network.pot." + other + "..");
        }
      }
      rules.add(
          noClasses()
              .that()
              .resideInAPackage("network.pot." + e.getKey() + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .because("module " + e.getKey() + " may use only " + e.getValue())
              .allowEmptyShould(true));
    }
    return rules;
  }

  /**
   * The ledger's state transition is a pure function of the state and the block: no files, no
   * sockets, no storage engine, no clock, no sleeping.
   */
  static ArchRule stateMachineDoesNoIo() {
    return noClasses()
        .that()
        .resideInAPackage("network.pot.chain.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.io..",
            "java.nio.file..",
            "java.nio.channels..",
            "java.net..",
            "org.rocksdb..",
            "network.pot.chain.store..")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .because("the state machine must be a deterministic function of its inputs");
  }

  /** Consensus is written against an abstract application, clock and network. */
  static ArchRule consensusKnowsNoLedgerOrNetwork() {
    return noClasses()
        .that()
        .resideInAPackage("network.pot.consensus..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "network.pot.chain..",
            "network.pot.p2p..",
            "network.pot.proof..",
            "network.pot.tensor..",
            "io.netty..",
            "org.rocksdb..")
        .because("consensus runs unchanged in the simulator and on real sockets");
  }
}
