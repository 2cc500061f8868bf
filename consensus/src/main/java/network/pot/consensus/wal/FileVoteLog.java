package network.pot.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MalformedException;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.VoteLog;

/**
 * A {@link VoteLog} in one append-only file. Each record is {@code length, CRC32C, kind, message};
 * with {@code fsync} on, {@code append} forces the file to the device before returning.
 *
 * <p>A crash in the middle of an append leaves a torn last record: replay detects it by its length
 * or checksum and cuts it off (its message was never sent, since sending waits for the append). A
 * bad record followed by good ones is real corruption and fails loudly. Truncation rewrites the
 * surviving records to a temporary file and renames it over the log atomically.
 */
public final class FileVoteLog implements VoteLog {
  private static final int HEADER = 4 + 4 + 1;
  private static final int MAX_RECORD = 64 << 20;

  private final Path path;
  private final boolean fsync;
  private FileChannel channel;
  private long appendedSinceTruncate;

  /** Opens (creating if needed) the log at {@code path}. */
  public FileVoteLog(Path path, boolean fsync) throws IOException {
    this.path = path;
    this.fsync = fsync;
    this.channel = open(path);
  }

  private static FileChannel open(Path path) throws IOException {
    FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ch.position(ch.size());
    return ch;
  }

  @Override
  public void append(Kind kind, ConsensusMessage message) throws IOException {
    byte[] body = MessageCodec.encode(message);
    ByteBuffer rec = ByteBuffer.allocate(HEADER + body.length);
    CRC32C crc = new CRC32C();
    crc.update(kind.ordinal());
    crc.update(body);
    rec.putInt(body.length).putInt((int) crc.getValue()).put((byte) kind.ordinal()).put(body);
    rec.flip();
    while (rec.hasRemaining()) {
      channel.write(rec);
    }
    if (fsync) {
      channel.force(false);
    }
    appendedSinceTruncate++;
  }

  @Override
  public List<Entry> replay() throws IOException {
    byte[] all = Files.readAllBytes(path);
    ByteBuffer buf = ByteBuffer.wrap(all);
    List<Entry> out = new ArrayList<>();
    while (buf.hasRemaining()) {
      int start = buf.position();
      Entry e = readRecord(buf);
      if (e == null) {
        if (!isTail(all, start)) {
          throw new IOException("corrupt vote log " + path + " at byte " + start);
        }
        channel.truncate(start);
        channel.position(start);
        break;
      }
      out.add(e);
    }
    return out;
  }

  /** True when the record starting at {@code start} reaches the end of the file (a torn write). */
  private static boolean isTail(byte[] all, int start) {
    if (all.length - start < HEADER) {
      return true;
    }
    int length = ByteBuffer.wrap(all, start, 4).getInt();
    return length < 0 || (long) start + HEADER + length >= all.length;
  }

  private static Entry readRecord(ByteBuffer buf) {
    if (buf.remaining() < HEADER) {
      return null;
    }
    int length = buf.getInt();
    int crcValue = buf.getInt();
    int kind = buf.get();
    if (length < 0 || length > MAX_RECORD || length > buf.remaining()) {
      return null;
    }
    byte[] body = new byte[length];
    buf.get(body);
    CRC32C crc = new CRC32C();
    crc.update(kind);
    crc.update(body);
    if ((int) crc.getValue() != crcValue || kind < 0 || kind >= Kind.values().length) {
      return null;
    }
    try {
      return new Entry(Kind.values()[kind], MessageCodec.decode(body, MAX_RECORD));
    } catch (MalformedException e) {
      return null;
    }
  }

  @Override
  public void truncateBelow(long height) throws IOException {
    if (appendedSinceTruncate == 0) {
      return;
    }
    List<Entry> keep = new ArrayList<>();
    for (Entry e : replay()) {
      if (e.message().height() >= height) {
        keep.add(e);
      }
    }
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileVoteLog fresh = new FileVoteLog(tmp, false)) {
      for (Entry e : keep) {
        fresh.append(e.kind(), e.message());
      }
      if (fsync) {
        fresh.channel.force(true);
      }
    }
    channel.close();
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    channel = open(path);
    appendedSinceTruncate = keep.size();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
