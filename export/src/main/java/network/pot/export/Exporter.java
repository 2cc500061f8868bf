package network.pot.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import network.pot.base.io.AtomicFiles;
import network.pot.tensor.nn.Model;

/** The file formats a trained model is exported to, and the one call that writes one. */
public enum Exporter {
  ONNX,
  SAFETENSORS;

  /** {@code onnx} or {@code safetensors}; anything else throws IllegalArgumentException. */
  public static Exporter parse(String name) {
    for (Exporter f : values()) {
      if (f.id().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown export format '" + name + "' (expected onnx or safetensors)");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The exported file's bytes. */
  public byte[] encode(Model model, Map<String, String> provenance) {
    PortableModel p = PortableModel.of(model);
    Metadata meta = Metadata.of(model, provenance);
    return this == ONNX ? Onnx.encode(p, meta) : Safetensors.encode(p, meta);
  }

  /**
   * Encodes first, then puts the file in place atomically (temporary sibling, rename): a failure
   * leaves {@code out} as it was.
   */
  public byte[] write(Model model, Map<String, String> provenance, Path out) throws IOException {
    byte[] b = encode(model, provenance);
    AtomicFiles.write(out, b);
    return b;
  }
}
