package network.pot.tensor;

import java.util.Arrays;

/** A trainable parameter: its values and the gradient of the loss with respect to them. */
public final class Param {
  private final String name;
  private final int[] shape;
  private final float[] value;
  private final float[] grad;

  public Param(String name, int... shape) {
    this.name = name;
    this.shape = shape.clone();
    int n = Shapes.numel(shape);
    this.value = new float[n];
    this.grad = new float[n];
  }

  public String name() {
    return name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int numel() {
    return value.length;
  }

  /** The live value array (the optimizer updates it in place). */
  public float[] value() {
    return value;
  }

  /** The live gradient array (each backward pass overwrites it). */
  public float[] grad() {
    return grad;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
