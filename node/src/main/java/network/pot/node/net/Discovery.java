package network.pot.node.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import network.pot.p2p.P2pNode;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.AddressBook;
import network.pot.p2p.peer.PeerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node connected beyond its configured peers: the address book (every peer met or learned
 * by peer exchange) survives restarts in a file, and while the node has fewer than its target of
 * peers it dials addresses from the book, each at most once per {@link #RETRY_MILLIS}; with no peer
 * at all it dials its seeds. A peer banned for misbehaviour leaves the book ({@link P2pNode}).
 */
public final class Discovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  /** Least time between two dials of one address-book entry. */
  static final long RETRY_MILLIS = 30_000;

  private static final long TICK_MILLIS = 2_000;
  private static final long SAVE_MILLIS = 60_000;

  private final String name;
  private final P2pNode p2p;
  private final Path bookFile;
  private final List<PeerAddress> seeds;
  private final int target;
  private final Map<NodeId, Long> tried = new HashMap<>();
  private final ScheduledExecutorService timer;
  private boolean seedsDialed;
  private long lastSeedDial;
  private long lastSave;

  public Discovery(String name, P2pNode p2p, Path bookFile, List<PeerAddress> seeds, int target) {
    this.name = name;
    this.p2p = p2p;
    this.bookFile = bookFile;
    this.seeds = List.copyOf(seeds);
    this.target = target;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-discovery");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the saved book into the node's (a corrupt file is set aside with a warning: the seeds and
   * configured peers still find the network) and starts dialing.
   */
  public void start() {
    if (Files.exists(bookFile)) {
      try {
        AddressBook saved = AddressBook.load(bookFile);
        saved.entries().forEach(e -> p2p.addressBook().put(e.id(), e.address()));
        LOG.info("{} address book: {} peers from {}", name, saved.size(), bookFile);
      } catch (IOException e) {
        Path aside = bookFile.resolveSibling(bookFile.getFileName() + ".corrupt");
        LOG.warn("{} ignoring the address book, moved to {}: {}", name, aside, e.getMessage());
        try {
          Files.move(bookFile, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
          LOG.warn("{} cannot move {} aside: {}", name, bookFile, moveFailed.getMessage());
        }
      }
    }
    lastSave = System.currentTimeMillis();
    var unused =
        timer.scheduleWithFixedDelay(this::tickSafely, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick(System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("{} discovery pass failed", name, e);
    }
  }

  // dials are best effort: a failed one only leaves that peer unconnected
  @SuppressWarnings("FutureReturnValueIgnored")
  private synchronized void tick(long now) {
    List<NodeId> connected = p2p.peers();
    if (connected.isEmpty() && (!seedsDialed || now - lastSeedDial >= RETRY_MILLIS)) {
      seedsDialed = true;
      lastSeedDial = now;
      for (PeerAddress s : seeds) {
        LOG.debug("{} dialing seed {}", name, s.address());
        p2p.connect(s.address(), s.id());
      }
    }
    List<AddressBook.Entry> dial =
        toDial(
            p2p.addressBook().entries(),
            Set.copyOf(connected),
            p2p.id(),
            p2p::isBanned,
            tried,
            now,
            target - connected.size());
    for (AddressBook.Entry e : dial) {
      tried.put(e.id(), now);
      LOG.debug("{} dialing {} from the address book", name, e.id());
      p2p.connect(e.address(), Optional.of(e.id()));
    }
    if (now - lastSave >= SAVE_MILLIS) {
      lastSave = now;
      save();
    }
  }

  /**
   * The address-book entries to dial now: not this node, not connected, not banned, not tried
   * within {@link #RETRY_MILLIS}, at most {@code room} of them, least recently tried first (never
   * tried before all), ties by node id.
   */
  static List<AddressBook.Entry> toDial(
      List<AddressBook.Entry> book,
      Set<NodeId> connected,
      NodeId self,
      Predicate<NodeId> banned,
      Map<NodeId, Long> tried,
      long now,
      int room) {
    List<AddressBook.Entry> out = new ArrayList<>();
    if (room <= 0) {
      return out;
    }
    for (AddressBook.Entry e : book) {
      Long last = tried.get(e.id());
      if (e.id().equals(self)
          || connected.contains(e.id())
          || banned.test(e.id())
          || (last != null && now - last < RETRY_MILLIS)) {
        continue;
      }
      out.add(e);
    }
    out.sort(
        (a, b) -> {
          long ta = tried.getOrDefault(a.id(), Long.MIN_VALUE);
          long tb = tried.getOrDefault(b.id(), Long.MIN_VALUE);
          return ta != tb ? Long.compare(ta, tb) : a.id().compareTo(b.id());
        });
    return out.subList(0, Math.min(room, out.size()));
  }

  private void save() {
    try {
      p2p.addressBook().save(bookFile);
    } catch (IOException e) {
      LOG.warn("{} cannot save the address book {}: {}", name, bookFile, e.getMessage());
    }
  }

  /** Stops dialing and saves the book. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    save();
  }
}
