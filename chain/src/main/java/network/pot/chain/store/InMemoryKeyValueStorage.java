package network.pot.chain.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import network.pot.base.bytes.Bytes;

/** A {@link KeyValueStorage} in memory: the twin of RocksDB for tests and throwaway nodes. */
public final class InMemoryKeyValueStorage implements KeyValueStorage {
  private final Map<Column, NavigableMap<Bytes, byte[]>> columns = new EnumMap<>(Column.class);

  public InMemoryKeyValueStorage() {
    for (Column c : Column.values()) {
      columns.put(c, new TreeMap<>());
    }
  }

  @Override
  public synchronized byte[] get(Column c, byte[] key) {
    byte[] v = columns.get(c).get(Bytes.wrap(key));
    return v == null ? null : v.clone();
  }

  @Override
  public void scan(Column c, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    scan(c, prefix, prefix, Integer.MAX_VALUE, visitor);
  }

  @Override
  public void scan(
      Column c, byte[] prefix, byte[] from, int limit, BiConsumer<byte[], byte[]> visitor) {
    List<Map.Entry<Bytes, byte[]>> hits = new ArrayList<>();
    byte[] start = Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix;
    synchronized (this) {
      for (Map.Entry<Bytes, byte[]> e :
          columns.get(c).tailMap(Bytes.wrap(start), true).entrySet()) {
        byte[] k = e.getKey().unsafeArray();
        if (hits.size() >= limit
            || k.length < prefix.length
            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        hits.add(e);
      }
    }
    for (Map.Entry<Bytes, byte[]> e : hits) {
      visitor.accept(e.getKey().toArray(), e.getValue().clone());
    }
  }

  @Override
  public Batch batch() {
    List<Object[]> ops = new ArrayList<>();
    return new Batch() {
      @Override
      public Batch put(Column c, byte[] key, byte[] value) {
        ops.add(new Object[] {c, Bytes.of(key), value.clone()});
        return this;
      }

      @Override
      public Batch delete(Column c, byte[] key) {
        ops.add(new Object[] {c, Bytes.of(key), null});
        return this;
      }

      @Override
      public void commit() {
        synchronized (InMemoryKeyValueStorage.this) {
          for (Object[] op : ops) {
            NavigableMap<Bytes, byte[]> col = columns.get((Column) op[0]);
            if (op[2] == null) {
              col.remove((Bytes) op[1]);
            } else {
              col.put((Bytes) op[1], (byte[]) op[2]);
            }
          }
        }
      }
    };
  }

  @Override
  public void close() {}
}
