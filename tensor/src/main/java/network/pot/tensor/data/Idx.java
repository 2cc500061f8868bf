package network.pot.tensor.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for IDX files (the MNIST format): a big-endian header {@code 0x00 0x00 TYPE NDIMS}, NDIMS
 * 32-bit sizes, then the values. Raw or gzip-compressed (detected by content, not by name). Every
 * inconsistency is reported as a {@link DataFormatException} naming the file.
 */
public final class Idx {
  /** One IDX array: its dimensions and its values as floats. */
  // a whole data file's values, handed to the loader without a copy
  @SuppressWarnings("ArrayRecordComponent")
  public record Array(int[] dims, float[] values) {
    public int count() {
      return dims[0];
    }

    public int itemSize() {
      int n = 1;
      for (int i = 1; i < dims.length; i++) {
        n *= dims[i];
      }
      return n;
    }
  }

  private static final long MAX_VALUES = Integer.MAX_VALUE - 16;

  private Idx() {}

  /** Reads a whole IDX file (raw or gzip). */
  public static Array read(Path file) throws IOException {
    byte[] bytes = readMaybeGzip(file);
    return parse(bytes, file.toString());
  }

  static byte[] readMaybeGzip(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    byte[] raw = Files.readAllBytes(file);
    if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
      try (InputStream in =
          new GZIPInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(raw)))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
        in.transferTo(out);
        return out.toByteArray();
      } catch (ZipException | java.io.EOFException e) {
        throw new DataFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")");
      }
    }
    return raw;
  }

  static Array parse(byte[] b, String name) throws DataFormatException {
    if (b.length < 4) {
      throw new DataFormatException(
          name + ": too short for an IDX header (" + b.length + " bytes)");
    }
    if (b[0] != 0 || b[1] != 0) {
      throw new DataFormatException(name + ": not an IDX file (bad magic number)");
    }
    int type = b[2] & 0xFF;
    int nd = b[3] & 0xFF;
    int width =
        switch (type) {
          case 0x08, 0x09 -> 1;
          case 0x0B -> 2;
          case 0x0C, 0x0D -> 4;
          case 0x0E -> 8;
          default ->
              throw new DataFormatException(
                  name + ": unknown IDX element type 0x" + Integer.toHexString(type));
        };
    if (nd < 1) {
      throw new DataFormatException(name + ": IDX file with zero dimensions");
    }
    if (b.length < 4 + 4 * nd) {
      throw new DataFormatException(name + ": truncated IDX header");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    buf.position(4);
    int[] dims = new int[nd];
    long count = 1;
    for (int i = 0; i < nd; i++) {
      dims[i] = buf.getInt();
      if (dims[i] < 0) {
        throw new DataFormatException(name + ": negative dimension " + dims[i]);
      }
      count *= dims[i];
      if (count > MAX_VALUES) {
        throw new DataFormatException(name + ": too many values");
      }
    }
    long expected = count * width;
    long actual = b.length - 4L - 4L * nd;
    if (actual != expected) {
      throw new DataFormatException(
          name
              + ": "
              + (actual < expected ? "truncated" : "trailing bytes")
              + ": header promises "
              + expected
              + " bytes of data, file has "
              + actual);
    }
    float[] v = new float[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] =
          switch (type) {
            case 0x08 -> buf.get() & 0xFF;
            case 0x09 -> buf.get();
            case 0x0B -> buf.getShort();
            case 0x0C -> buf.getInt();
            case 0x0D -> buf.getFloat();
            default -> (float) buf.getDouble();
          };
    }
    return new Array(dims, v);
  }
}
