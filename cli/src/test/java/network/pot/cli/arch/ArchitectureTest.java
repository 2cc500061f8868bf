package network.pot.cli.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link ArchitectureRules} against the main classes of every module (this module's test
 * class path holds them all), and checks that each rule catches a deliberate violation kept in this
 * module's test sources ({@code network.pot.archfixture}, {@code
 * network.pot.consensus.archfixture}).
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("network.pot");

  private static final JavaClasses FIXTURES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
          .importPackages("network.pot.archfixture", "network.pot.consensus.archfixture");

  @Test
  void everyModuleIsImported() {
    for (String module : ArchitectureRules.LAYERS.keySet()) {
      assertThat(MAIN.containPackage("network.pot." + module))
          .as("main classes of module %s on the class path", module)
          .isTrue();
    }
  }

  @Test
  void noModuleHasAPackageCycle() {
    ArchitectureRules.noPackageCycles("network.pot").check(MAIN);
  }

  @Test
  void modulesDependOneWay() {
    for (ArchRule rule : ArchitectureRules.layering()) {
      rule.check(MAIN);
    }
  }

  @Test
  void theStateMachineDoesNoIo() {
    ArchitectureRules.stateMachineDoesNoIo().check(MAIN);
  }

  @Test
  void consensusImportsNothingOfTheLedgerOrTheNetwork() {
    ArchitectureRules.consensusKnowsNoLedgerOrNetwork().check(MAIN);
  }

  @Test
  void aDeliberatePackageCycleFailsTheCycleRule() {
    EvaluationResult r =
        ArchitectureRules.noPackageCycles("network.pot.archfixture").evaluate(FIXTURES);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString())
        .contains("archfixture.cycle.a", "archfixture.cycle.b");
  }

  @Test
  void consensusCodeThatImportsTheLedgerFailsTheConsensusRule() {
    EvaluationResult r = ArchitectureRules.consensusKnowsNoLedgerOrNetwork().evaluate(FIXTURES);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("LedgerLeak");
  }

  @Test
  void aLowerModuleThatReachesUpFailsTheLayering() {
    boolean caught = false;
    for (ArchRule rule : ArchitectureRules.layering()) {
      caught |= rule.evaluate(FIXTURES).hasViolation();
    }
    assertThat(caught).isTrue();
  }
}
