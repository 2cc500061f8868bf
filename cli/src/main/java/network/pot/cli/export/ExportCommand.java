package network.pot.cli.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.export.Exporter;
import network.pot.export.Metadata;
import network.pot.tensor.nn.Model;
import network.pot.tensor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot export}: a checkpoint's model as an ONNX or safetensors file. */
@Command(
    name = "export",
    header = "Write a checkpoint's model as an ONNX or safetensors file.",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the trained model of CKPT for other runtimes: ONNX (opset 17; input 'input'"
          + " [batch, H, W, C], output 'logits') or safetensors (F32, PyTorch layout and names).",
      "The model spec, model hash and the provenance key/values (--provenance, or the"
          + " provenance.json pot task model writes beside CKPT) go into the file's metadata."
          + " The same checkpoint always gives the same bytes. See docs/export.md."
    })
public final class ExportCommand extends JsonCommand {
  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint file.")
  Path model;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "onnx or safetensors.")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  Path out;

  @Option(
      names = "--provenance",
      paramLabel = "FILE.json",
      description =
          "A JSON object of key/values to record in the file's metadata (default:"
              + " provenance.json beside CKPT, when there is one).")
  Path provenance;

  /** The provenance file read when there is no --provenance: the one pot task model writes. */
  static final String PROVENANCE_BESIDE = "provenance.json";

  private Exporter exporter;

  @Override
  protected void validate() {
    try {
      exporter = Exporter.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    Path beside = model.resolveSibling(PROVENANCE_BESIDE);
    Path provFile = provenance != null ? provenance : Files.isRegularFile(beside) ? beside : null;
    Map<String, String> prov = provFile == null ? Map.of() : Metadata.readProvenance(provFile);
    Model m = Checkpoint.read(model).model();
    byte[] bytes;
    try {
      bytes = exporter.write(m, prov, out);
    } catch (IllegalArgumentException e) {
      throw new UserException(model + ": " + e.getMessage(), e);
    }
    o.put("format", exporter.id());
    o.put("out", out.toString());
    o.put("bytes", bytes.length);
    o.put("sha256", Hex.encode(Sha256.of(bytes)));
    o.put("model_hash", Checkpoint.hex(Checkpoint.modelHash(m)));
    if (provFile != null) {
      o.put("provenance", provFile.toString());
    }
    return ExitCodes.OK;
  }
}
