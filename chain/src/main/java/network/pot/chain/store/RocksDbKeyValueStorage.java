package network.pot.chain.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link KeyValueStorage} on RocksDB, one column family per {@link KeyValueStorage.Column}. Batches
 * are written with the write-ahead log synced, so a committed block survives a crash or a kill at
 * any moment; an uncommitted one leaves no trace.
 */
public final class RocksDbKeyValueStorage implements KeyValueStorage {
  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions options;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<Column, ColumnFamilyHandle> columns = new EnumMap<>(Column.class);
  private final WriteOptions syncWrites;

  private RocksDbKeyValueStorage(Path dir) throws RocksDBException {
    options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              c.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), cfOptions));
    }
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
    int handle = 1; // after the default column family, in the order of the descriptors
    for (Column c : Column.values()) {
      columns.put(c, handles.get(handle++));
    }
    syncWrites = new WriteOptions().setSync(true);
  }

  /** Opens (creating if needed) a database in {@code dir}. */
  public static RocksDbKeyValueStorage open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new RocksDbKeyValueStorage(dir);
    } catch (RocksDBException | java.io.IOException e) {
      throw new StorageException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(Column c, byte[] key) {
    try {
      return db.get(columns.get(c), key);
    } catch (RocksDBException e) {
      throw new StorageException("read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void scan(Column c, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    scan(c, prefix, prefix, Integer.MAX_VALUE, visitor);
  }

  @Override
  public void scan(
      Column c, byte[] prefix, byte[] from, int limit, BiConsumer<byte[], byte[]> visitor) {
    int n = 0;
    try (RocksIterator it = db.newIterator(columns.get(c))) {
      for (it.seek(Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix);
          it.isValid() && n < limit;
          it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length
            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        visitor.accept(k, it.value());
        n++;
      }
    }
  }

  @Override
  public Batch batch() {
    WriteBatch wb = new WriteBatch();
    return new Batch() {
      @Override
      public Batch put(Column c, byte[] key, byte[] value) {
        try {
          wb.put(columns.get(c), key, value);
        } catch (RocksDBException e) {
          throw new StorageException("batch put failed: " + e.getMessage(), e);
        }
        return this;
      }

      @Override
      public Batch delete(Column c, byte[] key) {
        try {
          wb.delete(columns.get(c), key);
        } catch (RocksDBException e) {
          throw new StorageException("batch delete failed: " + e.getMessage(), e);
        }
        return this;
      }

      @Override
      public void commit() {
        try (wb) {
          db.write(syncWrites, wb);
        } catch (RocksDBException e) {
          throw new StorageException("batch write failed: " + e.getMessage(), e);
        }
      }
    };
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    syncWrites.close();
    cfOptions.close();
    options.close();
  }
}
