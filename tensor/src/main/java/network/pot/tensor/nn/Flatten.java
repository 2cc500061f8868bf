package network.pot.tensor.nn;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Layer;
import network.pot.tensor.Shapes;

/** Reshapes each sample to a vector; the data are already contiguous, so nothing moves. */
public final class Flatten extends Layer {
  @Override
  protected int[] computeOutputShape(int[] in) {
    return new int[] {Shapes.numel(in)};
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    return x;
  }

  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    return needInputGrad ? dy : null;
  }
}
