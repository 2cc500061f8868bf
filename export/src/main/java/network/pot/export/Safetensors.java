package network.pot.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import network.pot.base.json.Json;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length {@code
 * N}, {@code N} bytes of UTF-8 JSON, then the tensor bytes. The header maps each tensor name to its
 * {@code dtype}, {@code shape} and {@code data_offsets} (begin, end) relative to the end of the
 * header, plus {@code __metadata__}, a map of strings to strings. Keys are written sorted, tensors
 * are laid out in that order, and the header is padded with spaces to a multiple of 8 bytes so that
 * the data start aligned.
 */
public final class Safetensors {
  private Safetensors() {}

  /** The file bytes of {@code model}'s parameters, little-endian F32, with {@code metadata}. */
  public static byte[] encode(PortableModel model, Metadata metadata) {
    TreeMap<String, PortableModel.Tensor> byName = new TreeMap<>();
    for (PortableModel.Tensor t : model.tensors()) {
      byName.put(t.name(), t);
    }
    Map<String, Object> header = new TreeMap<>(); // every key sorted, "__metadata__" first
    header.put("__metadata__", new TreeMap<>(metadata.entries()));
    long offset = 0;
    List<PortableModel.Tensor> order = new ArrayList<>(byName.values());
    for (PortableModel.Tensor t : order) {
      Map<String, Object> entry = new LinkedHashMap<>(); // data_offsets, dtype, shape: sorted
      long end = offset + 4L * t.values().length;
      entry.put("data_offsets", List.of(offset, end));
      entry.put("dtype", "F32");
      entry.put("shape", toList(t.shape()));
      header.put(t.name(), entry);
      offset = end;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    if (8L + padded + offset > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("model too large for one in-memory safetensors file");
    }
    ByteBuffer b = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded);
    b.put(json);
    for (int i = json.length; i < padded; i++) {
      b.put((byte) ' ');
    }
    for (PortableModel.Tensor t : order) {
      for (float v : t.values()) {
        b.putFloat(v); // putFloat keeps a NaN's payload bits
      }
    }
    return b.array();
  }

  private static List<Integer> toList(int[] shape) {
    List<Integer> l = new ArrayList<>();
    for (int d : shape) {
      l.add(d);
    }
    return l;
  }
}
