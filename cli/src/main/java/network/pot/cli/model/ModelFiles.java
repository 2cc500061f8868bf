package network.pot.cli.model;

import java.io.IOException;
import network.pot.tensor.train.Checkpoint;

/** The model hash of a model file, recomputed from its parameters. */
final class ModelFiles {
  private ModelFiles() {}

  /**
   * The model hash (hex) of checkpoint bytes, after the checks {@link Checkpoint#decode} makes (its
   * trailer, its spec, its parameter sizes); {@code name} labels errors.
   */
  static String checkpointModelHash(byte[] checkpoint, String name) throws IOException {
    try {
      return Checkpoint.hex(Checkpoint.modelHash(Checkpoint.decode(checkpoint, name).model()));
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
  }
}
