package network.pot.tensor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import network.pot.base.codec.Writer;
import network.pot.tensor.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
  @TempDir Path dir;

  static byte[] idx(int type, int[] dims, byte[] data) {
    Writer w = new Writer().u8(0).u8(0).u8(type).u8(dims.length);
    for (int d : dims) {
      w.u32(d);
    }
    return w.raw(data).toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void committedSubsetLoadsWithExpectedShape() throws IOException {
    DataSets.Split s = DataSets.load(TestData.fashionSmall());
    assertThat(s.train().size()).isEqualTo(2000);
    assertThat(s.test().size()).isEqualTo(500);
    assertThat(s.train().sampleShape()).containsExactly(28, 28, 1);
    assertThat(s.classes()).isEqualTo(10);
  }

  @Test
  void readsRawAndGzipIdxUnderAnyName() throws IOException {
    byte[] img = idx(0x08, new int[] {2, 2, 2}, new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4});
    byte[] lab = idx(0x08, new int[] {2}, new byte[] {3, 1});
    Path i = dir.resolve("my-images.bin");
    Path l = dir.resolve("labels.whatever");
    Files.write(i, gzip(img));
    Files.write(l, lab);
    Dataset d = DataSets.fromIdx(i, l);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.sampleShape()).containsExactly(2, 2, 1);
    assertThat(d.label(0)).isEqualTo(3);
    float[] x = new float[8];
    int[] y = new int[2];
    d.slice(0, 2, x, y);
    assertThat(x[1]).isEqualTo(1f);
    assertThat(x[2]).isEqualTo(51f / 255f);
  }

  @Test
  void corruptInputsGetOneLineErrorsNamingTheFile() throws IOException {
    byte[] img = idx(0x08, new int[] {2, 2, 2}, new byte[8]);
    byte[] lab = idx(0x08, new int[] {2}, new byte[] {0, 1});
    Path good = dir.resolve("img");
    Files.write(good, img);
    Path labels = dir.resolve("lab");
    Files.write(labels, lab);

    Path truncated = dir.resolve("truncated");
    Files.write(truncated, Arrays.copyOf(img, img.length - 3));
    assertThatThrownBy(() -> DataSets.fromIdx(truncated, labels))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining(truncated.toString());

    Path badMagic = dir.resolve("magic");
    byte[] bm = img.clone();
    bm[0] = 7;
    Files.write(badMagic, bm);
    assertThatThrownBy(() -> DataSets.fromIdx(badMagic, labels)).hasMessageContaining("bad magic");

    Path badGzip = dir.resolve("bad.gz");
    byte[] gz = gzip(img);
    Files.write(badGzip, Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> DataSets.fromIdx(badGzip, labels))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("bad.gz");

    Path fewLabels = dir.resolve("few");
    Files.write(fewLabels, idx(0x08, new int[] {1}, new byte[] {0}));
    assertThatThrownBy(() -> DataSets.fromIdx(good, fewLabels))
        .hasMessageContaining("1 labels for 2 images");

    Path trailing = dir.resolve("trailing");
    Files.write(trailing, Arrays.copyOf(img, img.length + 1));
    assertThatThrownBy(() -> DataSets.fromIdx(trailing, labels)).hasMessageContaining("trailing");

    assertThatThrownBy(() -> DataSets.fromIdx(dir.resolve("missing"), labels))
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> DataSets.load(dir)).hasMessageContaining("no dataset found");
  }

  @Test
  void aFileDeclaringMoreValuesThanTheCallersLimitIsRefused() throws IOException {
    Path f = dir.resolve("eight.gz");
    Files.write(f, gzip(idx(0x08, new int[] {2, 4}, new byte[8])));
    assertThat(Idx.read(f, 8).values()).hasSize(8);
    assertThatThrownBy(() -> Idx.read(f, 7))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("declares 8 values, more than the 7");
  }

  @Test
  void readsCsvWithNamedLabelColumnAndRejectsBadRows() throws IOException {
    Path train = dir.resolve("train.csv");
    Files.writeString(train, "a,label,b\n1.5,2,3\n-1,0,4e1\n");
    Path test = dir.resolve("test.csv");
    Files.writeString(test, "a,label,b\n0,1,0\n");
    DataSets.Split s = DataSets.load(dir);
    assertThat(s.train().sampleShape()).containsExactly(2);
    float[] x = new float[4];
    int[] y = new int[2];
    s.train().slice(0, 2, x, y);
    assertThat(x).containsExactly(1.5f, 3f, -1f, 40f);
    assertThat(y).containsExactly(2, 0);

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,label\n1,0\nx,1\n");
    assertThatThrownBy(() -> DataSets.readCsv(bad, "label", 1f))
        .hasMessageContaining("bad.csv:3")
        .hasMessageContaining("not a number");
    Files.writeString(bad, "a,label\n1,0,9\n");
    assertThatThrownBy(() -> DataSets.readCsv(bad, "label", 1f)).hasMessageContaining("3 fields");
    Files.writeString(bad, "a,label\n1,-2\n");
    assertThatThrownBy(() -> DataSets.readCsv(bad, "label", 1f))
        .hasMessageContaining("not a non-negative integer");
    assertThatThrownBy(() -> DataSets.readCsv(bad, "klass", 1f))
        .hasMessageContaining("no column named 'klass'");
  }

  @Test
  void batchSamplerIsAPermutationPerEpochAndDependsOnKey() {
    BatchSampler s = new BatchSampler(100, 10, 5);
    int[] e0 = s.epochOrder(0).clone();
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 100; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
    assertThat(s.epochOrder(1)).isNotEqualTo(e0);
    assertThat(new BatchSampler(100, 10, 6).epochOrder(0)).isNotEqualTo(e0);
    assertThat(new BatchSampler(100, 10, 5).epochOrder(0)).isEqualTo(e0);
    assertThat(s.offsetOf(13)).isEqualTo(30);
    assertThat(s.epochOf(13)).isEqualTo(1);
    assertThatThrownBy(() -> new BatchSampler(5, 10, 1)).hasMessageContaining("larger than");
  }
}
