package network.pot.cli.train;

import network.pot.tensor.optim.OptimizerSpec;
import picocli.CommandLine.Option;

/**
 * Batch size and optimizer hyper-parameters: a picocli mixin shared by every command that describes
 * a training run ({@code pot train}, {@code pot task template}, {@code pot bench proof}), so they
 * have one set of names and defaults.
 */
public final class OptimizerOptions {
  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  public int batch;

  @Option(
      names = "--optimizer",
      defaultValue = "sgd",
      paramLabel = "sgd|adam|adamw",
      description = "Optimizer (default: ${DEFAULT-VALUE}).")
  public String optimizer;

  @Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  public float lr;

  @Option(
      names = "--momentum",
      defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  public float momentum;

  @Option(
      names = "--weight-decay",
      defaultValue = "0",
      description = "Weight decay; decoupled for adamw (default: ${DEFAULT-VALUE}).")
  public float weightDecay;

  /** The optimizer these options name (Adam's betas and eps at their usual defaults). */
  public OptimizerSpec spec() {
    return new OptimizerSpec(optimizer, lr, momentum, weightDecay, 0.9f, 0.999f, 1e-8f);
  }
}
