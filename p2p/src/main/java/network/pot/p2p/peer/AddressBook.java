package network.pot.p2p.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import network.pot.base.io.AtomicFiles;
import network.pot.p2p.crypto.NodeId;

/**
 * The peers this node knows how to reach: node id and listen address, learned from connections.
 * Saved as text ({@code <node id hex> <host>:<port>} per line) so a restarted node redials its
 * peers. Sorted by node id so the file is stable. Thread-safe.
 */
public final class AddressBook {
  /** One known peer. */
  public record Entry(NodeId id, InetSocketAddress address) {}

  /**
   * Most peers a book holds: peer exchange hands out at most 64 entries an answer, and a peer
   * feeding invented ones must not grow the book, its file or the dialing without bound.
   */
  public static final int MAX_ENTRIES = 1_024;

  private final Map<NodeId, InetSocketAddress> entries = new TreeMap<>();

  /** Records {@code id}'s address; a new peer is left out while the book is full. */
  public synchronized void put(NodeId id, InetSocketAddress address) {
    if (entries.size() < MAX_ENTRIES || entries.containsKey(id)) {
      entries.put(id, address);
    }
  }

  /** Forgets {@code id} (a peer that misbehaved). */
  public synchronized void remove(NodeId id) {
    entries.remove(id);
  }

  public synchronized List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    entries.forEach((id, a) -> out.add(new Entry(id, a)));
    return out;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Writes the book atomically and durably. */
  public void save(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries()) {
      sb.append(e.id().toHex())
          .append(' ')
          .append(e.address().getHostString())
          .append(':')
          .append(e.address().getPort())
          .append('\n');
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a saved book; a malformed line is an error naming the line. */
  public static AddressBook load(Path file) throws IOException {
    AddressBook book = new AddressBook();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        String[] parts = line.split(" ", -1);
        int colon = parts[1].lastIndexOf(':');
        book.put(
            NodeId.fromHex(parts[0]),
            new InetSocketAddress(
                parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1))));
      } catch (RuntimeException e) {
        throw new IOException(file + ":" + (i + 1) + ": malformed address book line", e);
      }
    }
    return book;
  }
}
