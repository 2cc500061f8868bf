package network.pot.tensor.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
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
 *
 * <p>Data files come from peers, so reading one is bounded: the header is read and checked first,
 * and a file that declares more values than the limit is refused before anything is allocated for
 * them; then exactly the declared bytes are read, and one byte more is refused as trailing data. A
 * gzip stream is never inflated past that point, so a small file that would inflate to gigabytes (a
 * gzip bomb) costs no more memory than its header is allowed to ask for.
 */
public final class Idx {
  /**
   * One IDX array: its element type (the header's type byte), dimensions and values as floats.
   *
   * @param type {@code 0x08} unsigned byte, {@code 0x09} signed byte, {@code 0x0B} short, {@code
   *     0x0C} int, {@code 0x0D} float, {@code 0x0E} double
   */
  // a whole data file's values, handed to the loader without a copy
  @SuppressWarnings("ArrayRecordComponent")
  public record Array(int type, int[] dims, float[] values) {
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

  /**
   * The most values a data file may hold unless the caller says otherwise: 2^28, a gibibyte of
   * floats (Fashion-MNIST's training images are 47 million).
   */
  public static final long DEFAULT_MAX_VALUES = 1L << 28;

  /** The most values any array can hold. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private static final int BLOCK = 1 << 16;

  private Idx() {}

  /** Reads a whole IDX file (raw or gzip) of at most {@link #DEFAULT_MAX_VALUES} values. */
  public static Array read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_VALUES);
  }

  /**
   * Reads a whole IDX file (raw or gzip), refusing one whose header declares more than {@code
   * maxValues} values, or whose data is shorter or longer than the header declares.
   */
  public static Array read(Path file, long maxValues) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    String name = file.toString();
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BLOCK);
    try (InputStream in = gzip(raw) ? new GZIPInputStream(raw, BLOCK) : raw) {
      long length = in == raw ? Files.size(file) : -1;
      return parse(in, name, Math.min(maxValues, MAX_ARRAY), length);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(name + ": corrupt gzip data (" + e.getMessage() + ")");
    } finally {
      raw.close();
    }
  }

  /** Whether the stream starts with the gzip magic number (it is left where it was). */
  private static boolean gzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1F && b1 == 0x8B;
  }

  /**
   * Parses the IDX array {@code in} holds; {@code length} is the file's length when it is raw (so
   * that a header promising more or less than the file holds is refused before the values are
   * allocated), -1 when it is inflated.
   */
  private static Array parse(InputStream in, String name, long maxValues, long length)
      throws IOException {
    byte[] head = in.readNBytes(4);
    if (head.length < 4) {
      throw new DataFormatException(
          name + ": too short for an IDX header (" + head.length + " bytes)");
    }
    if (head[0] != 0 || head[1] != 0) {
      throw new DataFormatException(name + ": not an IDX file (bad magic number)");
    }
    int type = head[2] & 0xFF;
    int nd = head[3] & 0xFF;
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
    byte[] dimBytes = in.readNBytes(4 * nd);
    if (dimBytes.length < 4 * nd) {
      throw new DataFormatException(name + ": truncated IDX header");
    }
    ByteBuffer header = ByteBuffer.wrap(dimBytes);
    int[] dims = new int[nd];
    long count = 1;
    for (int i = 0; i < nd; i++) {
      dims[i] = header.getInt();
      if (dims[i] < 0) {
        throw new DataFormatException(name + ": negative dimension " + dims[i]);
      }
      count = dims[i] != 0 && count > Long.MAX_VALUE / dims[i] ? Long.MAX_VALUE : count * dims[i];
    }
    if (count > maxValues) {
      throw new DataFormatException(
          name
              + ": the header declares "
              + (count == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(count))
              + " values, more than the "
              + maxValues
              + " a data file may hold");
    }
    long expected = count * width;
    long actual = length - 4L - 4L * nd;
    if (length >= 0 && actual != expected) {
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
    byte[] block = new byte[(int) Math.min(BLOCK, Math.max(expected, width))];
    int next = 0;
    for (long read = 0; read < expected; ) {
      int want = (int) Math.min(block.length, expected - read);
      int got = in.readNBytes(block, 0, want);
      if (got < want) {
        throw new DataFormatException(
            name
                + ": truncated: header promises "
                + expected
                + " bytes of data, file has "
                + (read + got));
      }
      ByteBuffer buf = ByteBuffer.wrap(block, 0, want);
      while (buf.hasRemaining()) {
        v[next++] =
            switch (type) {
              case 0x08 -> buf.get() & 0xFF;
              case 0x09 -> buf.get();
              case 0x0B -> buf.getShort();
              case 0x0C -> buf.getInt();
              case 0x0D -> buf.getFloat();
              default -> (float) buf.getDouble();
            };
      }
      read += want;
    }
    if (in.read() >= 0) {
      throw new DataFormatException(
          name
              + ": trailing bytes: header promises "
              + expected
              + " bytes of data, the file has more");
    }
    return new Array(type, dims, v);
  }
}
