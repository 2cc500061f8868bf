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
  private List<Param> params;

  /**
   * Fixes the per-sample input shape and returns the per-sample output shape. Nothing large is
   * allocated: the parameters are created on first use ({@link #params()}), so that a model can be
   * checked and measured ({@link #parameterCount()}) before anyone commits memory to it.
   */
  public final int[] configure(int[] inputShape) {
    this.inShape = inputShape.clone();
    this.outShape = computeOutputShape(inputShape);
    return outShape.clone();
  }

  protected abstract int[] computeOutputShape(int[] in);

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

  /** Trainable parameters, in a fixed order; allocated on the first call. */
  public final List<Param> params() {
    if (params == null) {
      params = createParams();
    }
    return params;
  }

  /** Allocates the configured layer's trainable parameters (called once, by {@link #params()}). */
  protected List<Param> createParams() {
    return List.of();
  }

  /** The number of trainable values of the configured layer, from its shapes alone. */
  public long parameterCount() {
    return 0;
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
