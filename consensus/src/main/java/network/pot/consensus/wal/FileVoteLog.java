package network.pot.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.io.AtomicFiles;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.VoteLog;

/**
 * A {@link VoteLog} in one append-only file. Each record is {@code length, CRC32C, kind, message};
 * with {@code fsync} on, {@code append} forces the file to the device before returning.
 *
 * <p>A crash in the middle of an append leaves a torn last record: replay detects it by its length
 * or checksum and cuts it off (its message was never sent, since sending waits for the append). A
 * bad record followed by good ones is real corruption and fails loudly. Truncation rewrites the
 * surviving records through {@link AtomicFiles}: a forced temporary file renamed over the log, then
 * the directory forced, so the compacted log survives a crash whole.
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
    boolean created = !Files.exists(path);
    FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ch.position(ch.size());
    if (created) {
      // A log whose directory entry a power loss takes away would let the node sign again.
      AtomicFiles.forceDirectory(path.toAbsolutePath().getParent());
    }
    return ch;
  }

  @Override
  public void append(Kind kind, ConsensusMessage message) throws IOException {
    ByteBuffer rec = ByteBuffer.wrap(record(kind, message));
    while (rec.hasRemaining()) {
      channel.write(rec);
    }
    if (fsync) {
      channel.force(false);
    }
    appendedSinceTruncate++;
  }

  /** One record: u32 body length, u32 CRC32C of kind and body, u8 kind, the encoded message. */
  private static byte[] record(Kind kind, ConsensusMessage message) {
    byte[] body = MessageCodec.encode(message);
    int code = code(kind);
    return new Writer(HEADER + body.length)
        .u32(body.length)
        .raw(crc(code, body))
        .u8(code)
        .raw(body)
        .toByteArray();
  }

  /** The kind byte of a record: 0 signed, 1 locked. */
  private static int code(Kind kind) {
    return switch (kind) {
      case SIGNED -> 0;
      case LOCKED -> 1;
    };
  }

  /** The kind of a record's kind byte, or null for an unknown byte. */
  private static Kind kind(int code) {
    return switch (code) {
      case 0 -> Kind.SIGNED;
      case 1 -> Kind.LOCKED;
      default -> null;
    };
  }

  /** The record's checksum field: CRC32C of the kind byte and the body, as a u32. */
  private static byte[] crc(int kind, byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(kind);
    crc.update(body);
    return new Writer(4).u32((int) crc.getValue()).toByteArray();
  }

  @Override
  public List<Entry> replay() throws IOException {
    byte[] all = Files.readAllBytes(path);
    Reader r = new Reader(all);
    List<Entry> out = new ArrayList<>();
    while (r.remaining() > 0) {
      int start = r.position();
      Entry e = readRecord(r);
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

  /**
   * True when the bad record starting at {@code start} can be a torn last write: its length reaches
   * the end of the file, and no intact record follows it. A damaged length field can also point
   * past the end; the intact records behind it then tell corruption from a torn tail, which is the
   * only thing a crash can leave (appends are sequential).
   */
  private static boolean isTail(byte[] all, int start) {
    boolean reachesEnd;
    if (all.length - start < HEADER) {
      reachesEnd = true;
    } else {
      try {
        int length = new Reader(Arrays.copyOfRange(all, start, start + 4)).u32();
        reachesEnd = (long) start + HEADER + length >= all.length;
      } catch (DecodeException e) {
        reachesEnd = true; // a length above 2^31 - 1: no record is that long
      }
    }
    return reachesEnd && !intactRecordAfter(all, start);
  }

  /**
   * Whether an intact record (its checksum right) starts anywhere after {@code start}. Only read on
   * the path that finds a bad record; the log holds the current heights only, so it is small.
   */
  private static boolean intactRecordAfter(byte[] all, int start) {
    for (int at = start + 1; at + HEADER <= all.length; at++) {
      if (readRecord(new Reader(Arrays.copyOfRange(all, at, all.length))) != null) {
        return true;
      }
    }
    return false;
  }

  /** The record at the reader's position, or null when it is torn or corrupt. */
  private static Entry readRecord(Reader r) {
    try {
      int length = r.u32();
      byte[] crc = r.raw(4);
      int code = r.u8();
      if (length > MAX_RECORD || length > r.remaining()) {
        return null;
      }
      byte[] body = r.raw(length);
      Kind kind = kind(code);
      if (!Arrays.equals(crc, crc(code, body)) || kind == null) {
        return null;
      }
      return new Entry(kind, MessageCodec.decode(body, MAX_RECORD));
    } catch (DecodeException e) {
      return null;
    }
  }

  @Override
  public void truncateBelow(long height) throws IOException {
    if (appendedSinceTruncate == 0) {
      return;
    }
    Writer kept = new Writer();
    int count = 0;
    for (Entry e : replay()) {
      if (e.message().height() >= height) {
        kept.raw(record(e.kind(), e.message()));
        count++;
      }
    }
    channel.close();
    if (fsync) {
      AtomicFiles.write(path, kept.toByteArray());
    } else {
      AtomicFiles.writeUnforced(path, kept.toByteArray());
    }
    channel = open(path);
    appendedSinceTruncate = count;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
