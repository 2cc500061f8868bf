package network.pot.tensor;

import java.util.List;

/**
 * One layer of a sequential model, with an explicit backward pass.
 *
 * <p>Tensors are flat float arrays holding a batch of samples, each sample in channels-last
 * (height, width, channels) order. A layer owns its output and input-gradient buffers and reuses
 * them across steps (they grow only when a larger batch arrives), so a training step allocates
 * nothing large. {@link #forward} keeps a reference to its input for {@link #backward}.
 */
public abstract class Layer {
  private int[] inShape;
  private int[] outShape;

  /**
   * Fixes the per-sample input shape, allocates the parameters and returns the per-sample output
   * shape.
   */
  public final int[] configure(int[] inputShape) {
    int[] out = plan(inputShape);
    allocate();
    return out;
  }

  /**
   * Fixes the per-sample input shape and returns the per-sample output shape, like {@link
   * #configure} but without allocating the parameters: {@link #parameterCount()} tells how many
   * there will be, and {@link #allocate()} allocates them.
   *
   * @throws IllegalArgumentException when the layer does not fit the shape
   */
  public final int[] plan(int[] inputShape) {
    this.inShape = inputShape.clone();
    this.outShape = computeOutputShape(inputShape);
    return outShape.clone();
  }

  /** The output shape for {@code in}; allocates nothing (see {@link #allocate()}). */
  protected abstract int[] computeOutputShape(int[] in);

  /** Trainable values the layer holds for its planned shape (0 for a layer without any). */
  public long parameterCount() {
    return 0;
  }

  /** Allocates the trainable parameters for the planned shape (once, after {@link #plan}). */
  public void allocate() {}

  public final int inSize() {
    return Shapes.numel(inShape);
  }

  public final int outSize() {
    return Shapes.numel(outShape);
  }

  public final int[] inShape() {
    return inShape.clone();
  }

  public final int[] outShape() {
    return outShape.clone();
  }

  /** Trainable parameters, in a fixed order. */
  public List<Param> params() {
    return List.of();
  }

  /** Draws initial parameter values from {@code rng}. */
  public void initialize(Rng rng) {}

  /** Computes the output for {@code batch} samples of {@code x}. */
  public abstract float[] forward(float[] x, int batch, ExecContext ctx);

  /**
   * Given the loss gradient with respect to the last output, writes the parameter gradients and
   * returns the gradient with respect to the input (or null when {@code needInputGrad} is false).
   */
  public abstract float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx);

  /** A buffer of at least {@code n} floats: {@code buf} if big enough, else a new one. */
  protected static float[] ensure(float[] buf, int n) {
    return buf != null && buf.length >= n ? buf : new float[n];
  }
}
