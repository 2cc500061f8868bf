package network.pot.tensor.nn;

/**
 * A loss over a batch of logits and integer class labels. {@link #evaluate} returns the mean loss
 * and writes its gradient with respect to the logits. Exponentials and logarithms go through {@link
 * StrictMath} in double precision and each sum runs in one fixed order, so the loss and its
 * gradient are bit-exact everywhere.
 */
public enum Loss {
  /** Softmax followed by cross-entropy with the label, averaged over the batch. */
  SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy"),
  /** Mean squared error against the one-hot encoding of the label. */
  MSE("mse");

  private final String id;

  Loss(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Loss parse(String s) {
    for (Loss l : values()) {
      if (l.id.equals(s)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + s + "' (softmax_cross_entropy, mse)");
  }

  /**
   * Returns the mean loss of {@code batch} rows of {@code classes} logits against {@code
   * labels[0..batch)} and writes d(loss)/d(logits) into {@code grad}.
   */
  public double evaluate(float[] logits, int[] labels, int batch, int classes, float[] grad) {
    double total = 0;
    if (this == SOFTMAX_CROSS_ENTROPY) {
      double[] e = new double[classes];
      for (int b = 0; b < batch; b++) {
        int base = b * classes;
        int label = labels[b];
        float max = logits[base];
        for (int j = 1; j < classes; j++) {
          max = Math.max(max, logits[base + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
          e[j] = StrictMath.exp((double) (logits[base + j] - max));
          sum += e[j];
        }
        total += StrictMath.log(sum) - (double) (logits[base + label] - max);
        for (int j = 0; j < classes; j++) {
          double p = e[j] / sum - (j == label ? 1.0 : 0.0);
          grad[base + j] = (float) (p / batch);
        }
      }
      return total / batch;
    }
    double n = (double) batch * classes;
    for (int b = 0; b < batch; b++) {
      int base = b * classes;
      for (int j = 0; j < classes; j++) {
        double d = (double) logits[base + j] - (j == labels[b] ? 1.0 : 0.0);
        total += d * d;
        grad[base + j] = (float) (2.0 * d / n);
      }
    }
    return total / n;
  }
}
