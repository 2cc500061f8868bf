package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBundleTest {
  @TempDir Path tmp;

  private Path bundleOf(Path dir) throws IOException {
    Path b = tmp.resolve("bundle-" + dir.getFileName());
    try (InputStream in = DataBundle.open(dir)) {
      Files.copy(in, b);
    }
    return b;
  }

  @Test
  void theBundleHashesToTheDatasetsContentHashWhichIsPinned() throws IOException {
    Path b = bundleOf(Fixture.DATA_DIR);
    byte[] bytes = Files.readAllBytes(b);
    assertThat(bytes.length).isEqualTo(DataBundle.size(Fixture.DATA_DIR));
    assertThat(Sha256.of(bytes)).isEqualTo(Fixture.DATA_HASH);
    // the committed dataset's id, as registered on chain: a change here orphans every registration
    assertThat(Hex.encode(Fixture.DATA_HASH))
        .isEqualTo("f7b2198ed26a17a65395c4173ecf448f85dca66a92e5f1f881336d1dd3608f75");
  }

  @Test
  void anyRangeReadInPlaceIsThoseBytesOfTheBundle() throws IOException {
    byte[] whole = Files.readAllBytes(bundleOf(Fixture.DATA_DIR));
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    int[][] ranges = {{0, 0}, {0, 15}, {0, whole.length}, {whole.length - 1, 1}, {whole.length, 0}};
    for (int[] g : ranges) {
      assertThat(DataBundle.read(Fixture.DATA_DIR, g[0], g[1]))
          .isEqualTo(Arrays.copyOfRange(whole, g[0], g[0] + g[1]));
    }
    for (int i = 0; i < 200; i++) {
      int from = r.nextInt(whole.length);
      int len = r.nextInt(Math.min(whole.length - from, 300_000) + 1);
      assertThat(DataBundle.read(Fixture.DATA_DIR, from, len))
          .as("seed %d: %d bytes from %d", seed, len, from)
          .isEqualTo(Arrays.copyOfRange(whole, from, from + len));
    }
    assertThatThrownBy(() -> DataBundle.read(Fixture.DATA_DIR, whole.length - 2, 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not inside the bundle");
    assertThatThrownBy(() -> DataBundle.read(Fixture.DATA_DIR, -1, 3))
        .isInstanceOf(IOException.class);
  }

  @Test
  void unpackRecreatesTheIdxFilesWithTheirNames() throws IOException {
    Path out = DataBundle.unpack(bundleOf(Fixture.DATA_DIR), tmp.resolve("out"), Fixture.DATA_HASH);
    assertThat(TaskSpec.dataHash(out)).isEqualTo(Fixture.DATA_HASH);
    for (String name :
        new String[] {
          "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
        }) {
      assertThat(Files.readAllBytes(out.resolve(name)))
          .isEqualTo(Files.readAllBytes(Fixture.DATA_DIR.resolve(name)));
    }
    assertThat(Fixture.task(10, 5, 1).loadData(out).train().size()).isEqualTo(2000);
  }

  @Test
  void unpackRecreatesCsvDatasets() throws IOException {
    Path csv = Files.createDirectories(tmp.resolve("csv"));
    Files.writeString(csv.resolve("train.csv"), "label,a,b\n1,0.5,0.25\n0,1,2\n");
    Files.writeString(csv.resolve("test.csv"), "label,a,b\n1,3,4\n");
    byte[] h = TaskSpec.dataHash(csv);
    Path out = DataBundle.unpack(bundleOf(csv), tmp.resolve("out"), h);
    assertThat(Files.readString(out.resolve("train.csv"))).startsWith("label,a,b\n1,0.5");
    assertThat(TaskSpec.dataHash(out)).isEqualTo(h);
  }

  @Test
  void aCorruptTruncatedOrForeignBundleLeavesNothingBehind() throws IOException {
    byte[] good = Files.readAllBytes(bundleOf(Fixture.DATA_DIR));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 1;
    byte[] truncated = Arrays.copyOf(good, good.length - 100);
    byte[] longer = Arrays.copyOf(good, good.length + 8);
    byte[] foreign = "not a bundle at all".getBytes(StandardCharsets.UTF_8);
    String[][] cases = {
      {"flipped", "is not the expected"},
      {"truncated", "truncated at file 4"},
      {"longer", "more than 4 files"},
      {"foreign", "bad header"}
    };
    byte[][] data = {flipped, truncated, longer, foreign};
    for (int i = 0; i < cases.length; i++) {
      Path b = tmp.resolve(cases[i][0]);
      Files.write(b, data[i]);
      Path target = tmp.resolve("out-" + cases[i][0]);
      assertThatThrownBy(() -> DataBundle.unpack(b, target, Fixture.DATA_HASH))
          .as(cases[i][0])
          .isInstanceOf(IOException.class)
          .hasMessageContaining(cases[i][1]);
      assertThat(target).doesNotExist();
    }
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aBundleOfAnotherDatasetIsRefusedEvenWhenWellFormed() throws IOException {
    Path csv = Files.createDirectories(tmp.resolve("csv"));
    Files.writeString(csv.resolve("train.csv"), "label,a\n1,0\n");
    Files.writeString(csv.resolve("test.csv"), "label,a\n0,1\n");
    Path target = tmp.resolve("out");
    assertThatThrownBy(() -> DataBundle.unpack(bundleOf(csv), target, Fixture.DATA_HASH))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not the expected");
    assertThat(target).doesNotExist();
  }
}
