package network.pot.node.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.chain.crypto.Hash;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;

/**
 * The datasets this node holds locally, by content hash (the id a dataset is registered under on
 * chain and that task specs name). Hashes are computed once at startup; a dataset is loaded into
 * memory the first time a task needs it and kept.
 */
public final class Datasets {
  private final Map<Hash, Path> dirs;
  private final Map<Hash, DataSets.Split> loaded = new ConcurrentHashMap<>();

  private Datasets(Map<Hash, Path> dirs) {
    this.dirs = dirs;
  }

  /** Hashes every directory; an unreadable one fails with its path. */
  public static Datasets scan(List<Path> dirs) throws IOException {
    Map<Hash, Path> m = new HashMap<>();
    for (Path d : dirs) {
      m.put(Hash.of(TaskSpec.dataHash(d)), d);
    }
    return new Datasets(m);
  }

  /** Content hash of a directory, as registered on chain. */
  public static Hash hashOf(Path dir) throws IOException {
    return Hash.of(TaskSpec.dataHash(dir));
  }

  public boolean has(Hash id) {
    return dirs.containsKey(id);
  }

  /** The dataset's train/test split, loaded (and checked against the task) on first use. */
  public Optional<DataSets.Split> load(TaskSpec spec) throws IOException {
    Hash id = Hash.of(spec.dataHash());
    Path dir = dirs.get(id);
    if (dir == null) {
      return Optional.empty();
    }
    DataSets.Split s = loaded.get(id);
    if (s == null) {
      synchronized (this) {
        s = loaded.get(id);
        if (s == null) {
          s = spec.loadData(dir);
          loaded.put(id, s);
        }
      }
    }
    return Optional.of(s);
  }

  /** The spec a task names, fetched from {@code artifacts} and checked against its hash. */
  public static Optional<TaskSpec> spec(
      network.pot.chain.state.Task t, network.pot.proof.BlobSource artifacts) throws IOException {
    Hash h = t.terms().specHash();
    return spec(h, artifacts.fetch(h.toArray()));
  }

  /** Reads a task spec artifact and checks that it is the one {@code specHash} names. */
  public static Optional<TaskSpec> spec(Hash specHash, Optional<byte[]> bytes) {
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      TaskSpec s = TaskSpec.parse(new String(bytes.get(), StandardCharsets.UTF_8));
      return Hash.of(s.taskId()).equals(specHash) ? Optional.of(s) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
