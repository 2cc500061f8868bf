package network.pot.tensor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import network.pot.tensor.Parallel;
import network.pot.tensor.TestData;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The accuracy bar on the full Fashion-MNIST (Debian's dataset-fashion-mnist): batch 64, SGD lr
 * 0.01 momentum 0.9, seed 1. Long: runs under {@code mvn -Plong verify}.
 */
@Tag("long")
class AccuracyTest {
  static double accuracyAfterEpochs(ModelSpec spec, int[] epochsToCheck, double[] bars)
      throws IOException {
    assumeTrue(TestData.fashionFull() != null, "dataset-fashion-mnist is not installed");
    DataSets.Split s = DataSets.load(TestData.fashionFull());
    Model m = new Model(spec);
    Seeds seeds = Seeds.fromSeed(1);
    m.initialize(seeds.initKey(), seeds.dropoutKey());
    Trainer t =
        new Trainer(
            m, new Optimizer(OptimizerSpec.sgd(0.01f, 0.9f, 0f), m.params()), s.train(), 64, seeds);
    double acc = 0;
    try (Parallel par = Parallel.ofAvailableProcessors()) {
      for (int i = 0; i < epochsToCheck.length; i++) {
        while (t.step() < (long) epochsToCheck[i] * t.stepsPerEpoch()) {
          t.step(par);
        }
        acc = (double) Trainer.correct(m, s.test(), par) / s.test().size();
        System.out.printf("%s epoch %d: test accuracy %.4f%n", spec, epochsToCheck[i], acc);
        assertThat(acc).as("epoch %d", epochsToCheck[i]).isGreaterThanOrEqualTo(bars[i]);
      }
    }
    return acc;
  }

  @Test
  void mlpReaches83AfterOneEpochAnd86AfterThree() throws IOException {
    accuracyAfterEpochs(ModelSpec.mlp(), new int[] {1, 3}, new double[] {0.83, 0.86});
  }

  @Test
  void cnnReaches88AfterTwoEpochs() throws IOException {
    accuracyAfterEpochs(ModelSpec.cnn(), new int[] {2}, new double[] {0.88});
  }
}
