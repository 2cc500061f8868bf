package network.pot.tensor.data;

import java.util.Arrays;
import network.pot.tensor.Shapes;

/**
 * Labelled samples in memory: {@code features[i * sampleSize ...]} is sample {@code i}, channels
 * last, and {@code labels[i]} its class in {@code [0, classes)}.
 */
public final class Dataset {
  private final float[] features;
  private final int[] labels;
  private final int[] sampleShape;
  private final int sampleSize;
  private final int classes;

  public Dataset(float[] features, int[] labels, int[] sampleShape, int classes) {
    this.sampleShape = sampleShape.clone();
    this.sampleSize = Shapes.numel(sampleShape);
    if ((long) labels.length * sampleSize != features.length) {
      throw new IllegalArgumentException(
          "features hold "
              + features.length
              + " values, expected "
              + labels.length
              + " samples x "
              + sampleSize);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
      }
    }
    this.features = features;
    this.labels = labels;
    this.classes = classes;
  }

  public int size() {
    return labels.length;
  }

  public int[] sampleShape() {
    return sampleShape.clone();
  }

  public int sampleSize() {
    return sampleSize;
  }

  public int classes() {
    return classes;
  }

  public int label(int i) {
    return labels[i];
  }

  /** The first {@code n} samples (a view-free copy). */
  public Dataset head(int n) {
    if (n < 0 || n > size()) {
      throw new IllegalArgumentException("cannot take " + n + " of " + size() + " samples");
    }
    return new Dataset(
        Arrays.copyOf(features, n * sampleSize), Arrays.copyOf(labels, n), sampleShape, classes);
  }

  /**
   * Copies samples {@code idx[from..from+count)} into {@code x} and their labels into {@code y}.
   */
  public void gather(int[] idx, int from, int count, float[] x, int[] y) {
    for (int b = 0; b < count; b++) {
      int s = idx[from + b];
      System.arraycopy(features, s * sampleSize, x, b * sampleSize, sampleSize);
      y[b] = labels[s];
    }
  }

  /** Copies the contiguous samples {@code [from, from+count)}. */
  public void slice(int from, int count, float[] x, int[] y) {
    System.arraycopy(features, from * sampleSize, x, 0, count * sampleSize);
    System.arraycopy(labels, from, y, 0, count);
  }
}
