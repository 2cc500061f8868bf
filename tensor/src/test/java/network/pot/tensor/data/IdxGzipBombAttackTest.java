package network.pot.tensor.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import network.pot.base.codec.Writer;
import network.pot.tensor.Allocations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a dataset whose IDX files are gzip bombs. A few hundred kilobytes on disk (and in the
 * dataset bundle a miner fetches) inflate to hundreds of megabytes, either because the header
 * declares that many values or because the stream goes on far past what the header declares. The
 * reader must refuse both after reading the header and at most the declared bytes, with a
 * DataFormatException, never by inflating everything first.
 */
@Tag("attack")
class IdxGzipBombAttackTest {
  /** What reading a refused file may allocate: buffers, not the bomb's content. */
  private static final long SMALL = 16L << 20;

  @TempDir Path dir;

  /** gzip at the fastest level, so that writing a bomb of zeros takes a fraction of a second. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** A gzip file: an unsigned-byte IDX header with {@code dims}, then {@code zeros} zero bytes. */
  private Path bomb(String name, int[] dims, long zeros) throws IOException {
    Path file = dir.resolve(name);
    Writer header = new Writer().u8(0).u8(0).u8(0x08).u8(dims.length);
    for (int d : dims) {
      header.u32(d);
    }
    byte[] block = new byte[1 << 20];
    try (OutputStream out = new FastGzip(Files.newOutputStream(file))) {
      out.write(header.toByteArray());
      for (long left = zeros; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return file;
  }

  /** Reads {@code file}, expecting a refusal naming it and {@code why}, at a small cost. */
  private static void refusedCheaply(Path file, String why) {
    Allocations.Outcome read = Allocations.of(() -> Idx.read(file));

    assertThat(read.thrown())
        .as("reading a gzip bomb")
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(why);
    assertThat(read.bytes()).as("bytes allocated while refusing it").isLessThan(SMALL);
  }

  @Test
  void aHeaderDeclaringMoreValuesThanADataFileMayHoldIsRefusedBeforeInflating() throws Exception {
    // 20,000 images of 128x128: 327,680,000 values, all present (as zeros) in a small file
    Path file = bomb("train-images-idx3-ubyte.gz", new int[] {20_000, 128, 128}, 327_680_000L);
    assertThat(Files.size(file)).isLessThan(2L << 20);
    refusedCheaply(file, "327680000 values");
  }

  @Test
  void aStreamThatInflatesFarPastItsHeaderIsRefusedAtTheFirstExtraByte() throws Exception {
    // the header promises 10 labels; 300 MB of zeros follow
    Path file = bomb("train-labels-idx1-ubyte.gz", new int[] {10}, 300_000_000L);
    assertThat(Files.size(file)).isLessThan(2L << 20);
    refusedCheaply(file, "trailing bytes");
  }

  @Test
  void absurdDimensionsInATinyRawFileAreRefusedWithoutAllocatingThem() throws Exception {
    Path file = dir.resolve("absurd");
    Files.write(
        file, new Writer().u8(0).u8(0).u8(0x0D).u8(2).u32(40_000).u32(40_000).u32(7).toByteArray());

    Allocations.Outcome read = Allocations.of(() -> Idx.read(file));

    assertThat(read.thrown()).isInstanceOf(DataFormatException.class);
    assertThat(read.bytes()).isLessThan(SMALL);
  }
}
