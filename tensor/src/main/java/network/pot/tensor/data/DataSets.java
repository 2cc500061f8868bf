package network.pot.tensor.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads train/test splits from IDX or CSV files.
 *
 * <p>A directory in the standard layout holds {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each
 * optionally gzipped ({@code .gz}); or {@code train.csv} and {@code test.csv} with a header row and
 * a {@code label} column. Unsigned-byte IDX images are scaled to [0, 1] by dividing by 255; an
 * image of {@code H x W} becomes a {@code [H, W, 1]} sample.
 *
 * <p>Data files may come from peers: each holds at most {@link Idx#DEFAULT_MAX_VALUES} values (an
 * IDX file whose header declares more, or a CSV file with more rows than that allows, is refused
 * before it is read further), and a gzipped IDX file is inflated no further than its header says.
 */
public final class DataSets {
  /** A train split and a test split of the same kind of samples. */
  public record Split(Dataset train, Dataset test) {
    public Split {
      if (!java.util.Arrays.equals(train.sampleShape(), test.sampleShape())) {
        throw new IllegalArgumentException(
            "train and test samples differ in shape: "
                + java.util.Arrays.toString(train.sampleShape())
                + " vs "
                + java.util.Arrays.toString(test.sampleShape()));
      }
    }

    public int classes() {
      return Math.max(train.classes(), test.classes());
    }
  }

  /** The four IDX files of a split. */
  public record IdxFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    public List<Path> all() {
      return List.of(trainImages, trainLabels, testImages, testLabels);
    }
  }

  private DataSets() {}

  /** Loads a directory in either standard layout (IDX first, then CSV with a 'label' column). */
  public static Split load(Path dir) throws IOException {
    return load(dir, "label", 1f);
  }

  /**
   * Loads a directory in either standard layout; for CSV, {@code labelColumn} names the label
   * column and {@code csvScale} multiplies every feature.
   */
  public static Split load(Path dir, String labelColumn, float csvScale) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir + ": not a directory");
    }
    IdxFiles idx = findIdx(dir);
    if (idx != null) {
      return loadIdx(idx);
    }
    Path trainCsv = dir.resolve("train.csv");
    Path testCsv = dir.resolve("test.csv");
    if (Files.isRegularFile(trainCsv) && Files.isRegularFile(testCsv)) {
      return loadCsv(trainCsv, testCsv, labelColumn, csvScale);
    }
    throw new DataFormatException(
        dir
            + ": no dataset found (expected train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
            + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz], or train.csv and test.csv)");
  }

  /** The data files {@link #load} reads from {@code dir}, in a fixed order. */
  public static List<Path> files(Path dir) throws IOException {
    IdxFiles idx = findIdx(dir);
    if (idx != null) {
      return idx.all();
    }
    return List.of(dir.resolve("train.csv"), dir.resolve("test.csv"));
  }

  /** The standard IDX files in {@code dir}, or null when any is missing. */
  public static IdxFiles findIdx(Path dir) {
    Path[] p = new Path[4];
    String[] names = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };
    for (int i = 0; i < 4; i++) {
      Path raw = dir.resolve(names[i]);
      Path gz = dir.resolve(names[i] + ".gz");
      p[i] = Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null;
      if (p[i] == null) {
        return null;
      }
    }
    return new IdxFiles(p[0], p[1], p[2], p[3]);
  }

  public static Split loadIdx(IdxFiles f) throws IOException {
    Dataset train = fromIdx(f.trainImages(), f.trainLabels());
    Dataset test = fromIdx(f.testImages(), f.testLabels());
    return new Split(train, test);
  }

  /** One split from an images file and a labels file. */
  public static Dataset fromIdx(Path images, Path labels) throws IOException {
    Idx.Array img = Idx.read(images);
    Idx.Array lab = Idx.read(labels);
    if (lab.dims().length != 1) {
      throw new DataFormatException(labels + ": labels must be one-dimensional");
    }
    if (lab.count() != img.count()) {
      throw new DataFormatException(
          labels + ": " + lab.count() + " labels for " + img.count() + " images in " + images);
    }
    int[] d = img.dims();
    int[] shape =
        switch (d.length) {
          case 1 -> new int[] {1};
          case 2 -> new int[] {d[1]};
          case 3 -> new int[] {d[1], d[2], 1};
          default -> java.util.Arrays.copyOfRange(d, 1, d.length);
        };
    float[] x = img.values();
    if (img.type() == 0x08) {
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] / 255f;
      }
    }
    int[] y = toLabels(lab.values(), labels.toString());
    return new Dataset(x, y, shape, classesOf(y));
  }

  private static int[] toLabels(float[] v, String name) throws DataFormatException {
    int[] y = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      float f = v[i];
      if (f < 0 || f != Math.rint(f) || f > 1_000_000) {
        throw new DataFormatException(name + ": label " + f + " at index " + i + " is not a class");
      }
      y[i] = (int) f;
    }
    return y;
  }

  private static int classesOf(int[] y) {
    int max = -1;
    for (int v : y) {
      max = Math.max(max, v);
    }
    return max + 1;
  }

  /** A split from two CSV files with a header row; {@code scale} multiplies every feature. */
  public static Split loadCsv(Path train, Path test, String labelColumn, float scale)
      throws IOException {
    return new Split(readCsv(train, labelColumn, scale), readCsv(test, labelColumn, scale));
  }

  /**
   * Reads a CSV file: a header row naming the columns, then one sample per row; the label column
   * holds a non-negative integer class, every other column a number.
   */
  public static Dataset readCsv(Path file, String labelColumn, float scale) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new DataFormatException(file + ": empty file (a header row is required)");
      }
      String[] cols = header.split(",", -1);
      int labelIdx = -1;
      for (int i = 0; i < cols.length; i++) {
        if (cols[i].trim().equals(labelColumn)) {
          labelIdx = i;
        }
      }
      if (labelIdx < 0) {
        throw new DataFormatException(file + ": no column named '" + labelColumn + "'");
      }
      int features = cols.length - 1;
      if (features < 1) {
        throw new DataFormatException(file + ": no feature columns");
      }
      List<float[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != cols.length) {
          throw new DataFormatException(
              file + ":" + lineNo + ": " + f.length + " fields, header has " + cols.length);
        }
        float[] row = new float[features];
        int k = 0;
        for (int i = 0; i < f.length; i++) {
          String s = f[i].trim();
          if (i == labelIdx) {
            try {
              int label = Integer.parseInt(s);
              if (label < 0) {
                throw new NumberFormatException();
              }
              labels.add(label);
            } catch (NumberFormatException e) {
              throw new DataFormatException(
                  file + ":" + lineNo + ": label '" + s + "' is not a non-negative integer");
            }
          } else {
            try {
              row[k++] = Float.parseFloat(s) * scale;
            } catch (NumberFormatException e) {
              throw new DataFormatException(
                  file
                      + ":"
                      + lineNo
                      + ": column '"
                      + cols[i].trim()
                      + "': not a number: '"
                      + s
                      + "'");
            }
          }
        }
        if ((long) (rows.size() + 1) * features > Idx.DEFAULT_MAX_VALUES) {
          throw new DataFormatException(
              file
                  + ":"
                  + lineNo
                  + ": more than the "
                  + Idx.DEFAULT_MAX_VALUES
                  + " values a data file may hold");
        }
        rows.add(row);
      }
      if (rows.isEmpty()) {
        throw new DataFormatException(file + ": no data rows");
      }
      float[] x = new float[rows.size() * features];
      int[] y = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(rows.get(i), 0, x, i * features, features);
        y[i] = labels.get(i);
      }
      return new Dataset(x, y, new int[] {features}, classesOf(y));
    }
  }
}
