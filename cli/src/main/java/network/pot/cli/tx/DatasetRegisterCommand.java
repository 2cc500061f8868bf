package network.pot.cli.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import network.pot.base.crypto.Hash;
import network.pot.chain.tx.Payload;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.proof.DataBundle;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot dataset register}: hashes a dataset directory into its id (the SHA-256 of its bundle,
 * as the ledger and task specs name it), uploads the bundle to the node in chunks ({@code
 * pot_uploadDataset}; the node checks it against the id, then holds and serves it to peers), then
 * signs and sends {@code REGISTER_DATASET}.
 */
@Command(
    name = "register",
    header =
        "Register a dataset: upload it to the node (which then holds and serves it), then sign"
            + " and send REGISTER_DATASET and wait until final.",
    mixinStandardHelpOptions = true)
public final class DatasetRegisterCommand extends SigningCommand {
  /** Bundle bytes per upload call (the node takes up to 2 MiB). */
  static final int CHUNK_BYTES = 1 << 20;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "Dataset directory (IDX files, or train.csv + test.csv).")
  Path dir;

  @Option(
      names = "--licence",
      required = true,
      paramLabel = "TEXT",
      description = "Licence the dataset is offered under.")
  String licence;

  @Option(
      names = "--fee-per-use",
      required = true,
      paramLabel = "N",
      description = "Fee a task on this dataset pays the owner.")
  long feePerUse;

  private Hash id;

  @Override
  protected Payload payload() {
    if (licence.isBlank()) {
      throw new UserException("--licence must not be empty");
    }
    if (feePerUse < 0) {
      throw new UserException("--fee-per-use must not be negative");
    }
    return new Payload.RegisterDataset(id(), licence, feePerUse);
  }

  /** The dataset's id, hashed once: what DataBundle streams is what the ledger names. */
  private Hash id() {
    if (id == null) {
      try {
        id = Hash.of(TaskSpec.dataHash(dir));
      } catch (IOException | IllegalArgumentException e) {
        throw new UserException("--dir " + dir + ": " + e.getMessage(), e);
      }
    }
    return id;
  }

  @Override
  protected void prepare(RpcClient node, Output out) throws IOException, Stop {
    Hash dataset = id();
    long size;
    try {
      size = DataBundle.size(dir);
    } catch (IOException e) {
      throw new UserException("--dir " + dir + ": " + e.getMessage(), e);
    }
    boolean showProgress = size > 4L * CHUNK_BYTES;
    long sent = 0;
    long lastNote = System.nanoTime();
    try (InputStream in = DataBundle.open(dir)) {
      while (true) {
        byte[] chunk = in.readNBytes((int) Math.min(CHUNK_BYTES, size - sent));
        if (sent + chunk.length == size && in.read() != -1) {
          throw new UserException("--dir " + dir + ": the files changed while being read");
        }
        JsonNode r;
        try {
          r =
              node.call(
                  "pot_uploadDataset",
                  RpcClient.params()
                      .put("dataset", dataset.toHex())
                      .put("size", size)
                      .put("offset", sent)
                      .put("data", Base64.getEncoder().encodeToString(chunk)));
        } catch (RpcClient.RpcException e) {
          throw new Stop("the node refused dataset upload: " + e.getMessage(), ExitCodes.REJECTED);
        }
        if (r.path("held").asBoolean()) {
          if (sent == 0 && chunk.length < size) {
            out.note("the node holds dataset " + dataset.toHex() + " already");
          }
          break;
        }
        sent += chunk.length;
        if (chunk.length == 0 || sent >= size) {
          throw new Stop(
              "the node took all " + size + " bytes but does not hold the dataset",
              ExitCodes.INTERNAL);
        }
        if (showProgress && System.nanoTime() - lastNote > 2_000_000_000L) {
          lastNote = System.nanoTime();
          out.note(
              String.format(
                  Locale.ROOT,
                  "uploaded %.1f of %.1f MB (%d%%)",
                  sent / 1e6,
                  size / 1e6,
                  sent * 100 / size));
        }
      }
    }
    if (showProgress) {
      out.note(String.format(Locale.ROOT, "uploaded %.1f MB: the node holds it", size / 1e6));
    }
  }

  @Override
  protected void annotate(RpcClient node, Long acceptedHeight, ObjectNode answer) {
    answer.put("dataset", id().toHex());
  }

  @Override
  protected String describe() {
    return "register dataset " + id().toHex() + " (" + licence + ", fee per use " + feePerUse + ")";
  }
}
