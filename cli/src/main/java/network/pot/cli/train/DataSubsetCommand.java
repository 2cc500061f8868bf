package network.pot.cli.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.tensor.data.DataSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot data subset}: cuts the first N train and M test records of an IDX dataset directory
 * into a new directory in the same layout (how {@code data/fashion-mnist-small} was made).
 */
@Command(
    name = "subset",
    mixinStandardHelpOptions = true,
    description =
        "Writes the first --train and --test records of an IDX dataset directory to --out,"
            + " gzipped, in the standard layout.")
public final class DataSubsetCommand extends JsonCommand {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "IDX dataset dir.")
  Path data;

  @Option(names = "--train", required = true, description = "Train records to keep.")
  int train;

  @Option(names = "--test", required = true, description = "Test records to keep.")
  int test;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    DataSets.IdxFiles f = DataSets.findIdx(data);
    if (f == null) {
      throw new UserException(data + ": no IDX dataset (train-/t10k- images and labels)");
    }
    if (train <= 0 || test <= 0) {
      throw new UserException("--train and --test must be positive");
    }
    Files.createDirectories(out);
    cut(f.trainImages(), train);
    cut(f.trainLabels(), train);
    cut(f.testImages(), test);
    cut(f.testLabels(), test);
    o.put("train", train);
    o.put("test", test);
    o.put("out", out.toString());
    return ExitCodes.OK;
  }

  /** Writes the first {@code n} records of {@code file} into the output directory. */
  private void cut(Path file, int n) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length > 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
      raw = new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
    }
    if (raw.length < 8 || raw[0] != 0 || raw[1] != 0 || raw[2] != 0x08) {
      throw new UserException(file + ": not an unsigned-byte IDX file");
    }
    int nd = raw[3] & 0xFF;
    ByteBuffer hdr = ByteBuffer.wrap(raw, 4, 4 * nd);
    int count = hdr.getInt();
    long record = 1;
    for (int i = 1; i < nd; i++) {
      record *= hdr.getInt();
    }
    if (n > count) {
      throw new UserException(file + ": has " + count + " records, asked for " + n);
    }
    ByteBuffer head = ByteBuffer.wrap(raw.clone(), 0, 4 + 4 * nd);
    head.putInt(4, n);
    int len = (int) (4 + 4L * nd + record * n);
    String name = file.getFileName().toString();
    Path dst = out.resolve(name.endsWith(".gz") ? name : name + ".gz");
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(dst))) {
      os.write(head.array(), 0, 4 + 4 * nd);
      os.write(raw, 4 + 4 * nd, len - 4 - 4 * nd);
    }
  }
}
