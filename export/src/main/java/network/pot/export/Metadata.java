package network.pot.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import network.pot.base.json.Json;
import network.pot.tensor.nn.Model;
import network.pot.tensor.train.Checkpoint;

/**
 * The string key/values an exported file carries: the model spec and model hash that name what was
 * trained, and the publisher's provenance. Sorted by key, so that a file's bytes depend on nothing
 * but the model and these values.
 */
public final class Metadata {
  /** The canonical JSON model spec. */
  public static final String MODEL_SPEC = "pot.model_spec";

  /** The engine's model hash (hex), see docs/checkpoint-format.md. */
  public static final String MODEL_HASH = "pot.model_hash";

  private final SortedMap<String, String> entries;

  private Metadata(SortedMap<String, String> entries) {
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  /** The model's spec and hash, then every provenance entry (whose keys may not start "pot."). */
  public static Metadata of(Model m, Map<String, String> provenance) {
    SortedMap<String, String> e = new TreeMap<>();
    for (Map.Entry<String, String> p : provenance.entrySet()) {
      if (p.getKey().startsWith("pot.")) {
        throw new IllegalArgumentException(
            "provenance key '" + p.getKey() + "' is reserved (keys starting 'pot.')");
      }
      e.put(p.getKey(), p.getValue());
    }
    e.put(MODEL_SPEC, m.spec().canonicalJson());
    e.put(MODEL_HASH, Checkpoint.hex(Checkpoint.modelHash(m)));
    return new Metadata(e);
  }

  public SortedMap<String, String> entries() {
    return entries;
  }

  /**
   * Reads a provenance file: one JSON object; string values are kept as they are, any other value
   * as its compact JSON text.
   */
  public static SortedMap<String, String> readProvenance(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such provenance file");
    }
    JsonNode root;
    try {
      root = Json.read(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": provenance is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": provenance must be a JSON object of key/values");
    }
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      JsonNode v = f.getValue();
      out.put(f.getKey(), v.isTextual() ? v.asText() : Json.write(v));
    }
    return out;
  }
}
