package network.pot.tensor.train;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.BatchSampler;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.optim.Optimizer;

/**
 * Runs training steps: step {@code s} trains on the batch the {@link BatchSampler} assigns to
 * {@code s}, with dropout keyed by {@code s}. Everything a step reads is a function of the
 * checkpointed state (parameters, optimizer state, step, keys), so stopping and resuming from a
 * checkpoint gives the same bits as never stopping.
 */
public final class Trainer {
  private final Model model;
  private final Optimizer optimizer;
  private final Dataset train;
  private final BatchSampler sampler;
  private final Seeds seeds;
  private final float[] x;
  private final int[] y;
  private long step;

  public Trainer(Model model, Optimizer optimizer, Dataset train, int batch, Seeds seeds) {
    if (!java.util.Arrays.equals(train.sampleShape(), model.spec().input())) {
      if (train.sampleSize() != model.inputSize()) {
        throw new IllegalArgumentException(
            "the data's samples are "
                + network.pot.tensor.Shapes.format(train.sampleShape())
                + " but the model takes "
                + network.pot.tensor.Shapes.format(model.spec().input()));
      }
    }
    if (train.classes() > model.outputSize()) {
      throw new IllegalArgumentException(
          "the data has "
              + train.classes()
              + " classes but the model has "
              + model.outputSize()
              + " outputs");
    }
    this.model = model;
    this.optimizer = optimizer;
    this.train = train;
    this.sampler = new BatchSampler(train.size(), batch, seeds.dataKey());
    this.seeds = seeds;
    this.x = new float[batch * train.sampleSize()];
    this.y = new int[batch];
  }

  public Model model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Seeds seeds() {
    return seeds;
  }

  public int batchSize() {
    return sampler.batchSize();
  }

  public int stepsPerEpoch() {
    return sampler.stepsPerEpoch();
  }

  /** Steps completed. */
  public long step() {
    return step;
  }

  /** Sets the step counter (when resuming from a checkpoint). */
  public void setStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("negative step");
    }
    this.step = step;
  }

  /** Runs one training step and returns its mean batch loss. */
  public double step(Parallel par) {
    int[] order = sampler.epochOrder(sampler.epochOf(step));
    int b = sampler.batchSize();
    train.gather(order, sampler.offsetOf(step), b, x, y);
    ExecContext ctx = new ExecContext(par, true, step);
    double loss = model.forwardBackward(x, y, b, ctx);
    optimizer.step(par);
    step++;
    return loss;
  }

  /** The number of correctly classified samples of {@code data}, in batches of up to 500. */
  public static int correct(Model model, Dataset data, Parallel par) {
    int bs = Math.min(500, data.size());
    float[] bx = new float[bs * data.sampleSize()];
    int[] by = new int[bs];
    int[] pred = new int[bs];
    int correct = 0;
    ExecContext ctx = new ExecContext(par, false, 0);
    for (int from = 0; from < data.size(); from += bs) {
      int n = Math.min(bs, data.size() - from);
      data.slice(from, n, bx, by);
      model.predict(bx, n, ctx, pred);
      for (int i = 0; i < n; i++) {
        if (pred[i] == by[i]) {
          correct++;
        }
      }
    }
    return correct;
  }
}
