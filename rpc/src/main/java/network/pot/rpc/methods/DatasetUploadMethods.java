package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.node.api.DatasetStore;

/**
 * Handing a node a dataset: {@code pot_uploadDataset {dataset, size, offset, data}} takes the
 * dataset's bundle (the byte stream whose SHA-256 is the dataset id) in order, one base64 chunk of
 * at most {@value #MAX_CHUNK_BYTES} bytes per call, {@code size} bytes in all (at most the node's
 * limit). After the last chunk the node checks that the bundle hashes to {@code dataset} and is a
 * well-formed dataset, then holds it and serves it to peers; a bundle that is not the dataset is
 * refused with an invalid-params error naming the id. The answer is {@code {dataset, size,
 * received, held}}: {@code held} is true once the node holds the dataset, at once when it did
 * before the first chunk (then no more chunks are needed).
 */
public final class DatasetUploadMethods implements MethodGroup {
  /** Largest chunk (decoded) one call takes: its base64 stays well below the request limit. */
  public static final int MAX_CHUNK_BYTES = 2 << 20;

  private final DatasetStore datasets;

  public DatasetUploadMethods(DatasetStore datasets) {
    this.datasets = datasets;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of("pot_uploadDataset", this::upload);
  }

  private JsonNode upload(JsonNode params) throws RpcError {
    Hash id = Params.hash(params, "dataset");
    long size = Params.integer(params, "size");
    long offset = Params.integer(params, "offset");
    byte[] chunk;
    try {
      chunk = Base64.getDecoder().decode(Params.text(params, "data"));
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("params.data must be base64: " + e.getMessage());
    }
    if (chunk.length > MAX_CHUNK_BYTES) {
      throw RpcError.invalidParams(
          "params.data: a chunk of "
              + chunk.length
              + " bytes, more than the "
              + MAX_CHUNK_BYTES
              + " one call takes");
    }
    DatasetStore.Upload u;
    try {
      u = datasets.receive(id, size, offset, chunk);
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams(e.getMessage());
    } catch (IOException e) {
      throw new RpcError(
          RpcError.SERVER_ERROR, "cannot store dataset " + id.toHex() + ": " + e.getMessage());
    }
    return Json.object()
        .put("dataset", id.toHex())
        .put("size", size)
        .put("received", u.received())
        .put("held", u.held());
  }
}
