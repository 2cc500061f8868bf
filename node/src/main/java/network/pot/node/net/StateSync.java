package network.pot.node.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.merkle.MerkleProof;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.StateCodec;
import network.pot.chain.state.StateKey;
import network.pot.chain.store.ChainStore;
import network.pot.chain.sync.StateSnapshot;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.SyncResponse;
import network.pot.consensus.crypto.SignatureVerifier;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.NodeBlockStore;
import network.pot.node.sync.LightClient;
import network.pot.p2p.P2pNode;
import network.pot.p2p.Protocols;
import network.pot.p2p.Reply;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.sync.BlockBatch;
import network.pot.p2p.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State sync: snapshots of the ledger for nodes that join late, and the restore of one.
 *
 * <p>Serving: every {@code interval} blocks (a multiple of the epoch length) this node writes the
 * state after the block as a {@link StateSnapshot} blob on a background thread, keeps the newest
 * few, and names them to peers that ask ({@link #SNAPSHOTS}: height and state root each). The blob
 * layer carries a snapshot in hash-checked chunks from as many peers as have it, under its state
 * root as key. Peers also ask for the steps a light client takes ({@link #EPOCHS}): for each epoch,
 * its first block with the certificate, and the validator set chosen before it with its proof.
 *
 * <p>Restoring ({@link #restore}): a node with an empty store picks the newest snapshot peers
 * offer, follows the validator set from genesis to it ({@link LightClient}), fetches the snapshot
 * and the blocks around it, checks that the snapshot's entries make the root that the next block's
 * header commits, and writes state and logs in place of the genesis state. Then it follows blocks
 * as any node. A peer whose answer does not verify is penalized and the next one asked; when none
 * serves a snapshot that verifies, the node replays blocks from genesis instead.
 */
public final class StateSync implements LedgerApp.CommitListener, AutoCloseable {
  /** Request: the snapshots a node holds (empty body), answered with height and root each. */
  public static final int SNAPSHOTS = 0x0303;

  /** Request: u64 first epoch and u32 count, answered with light-client steps. */
  public static final int EPOCHS = 0x0304;

  /** Largest snapshot a node restores. */
  public static final int MAX_SNAPSHOT_BYTES = 1 << 30;

  private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);
  private static final int MAX_OFFERS = 16;
  private static final int EPOCHS_PER_REQUEST = 256;

  /** A snapshot a node holds or a peer offers. */
  public record Offer(long height, Hash root) {}

  /** What a restore did. */
  public record Restored(long height, Hash root, long bytes, long epochs, long millis) {}

  private final String name;
  private final String chainId;
  private final P2pNode p2p;
  private final Artifacts artifacts;
  private final ChainStore chain;
  private final NodeBlockStore blocks;
  private final long epochLength;
  private final long interval;
  private final int kept;
  private final Path list;
  private final List<Offer> held = new ArrayList<>();
  private final ExecutorService writer;

  /**
   * Registers the protocols on {@code p2p} (before it starts).
   *
   * @param interval blocks between snapshots this node takes (a multiple of the epoch length), 0
   *     for none
   * @param kept how many snapshots it keeps
   * @param list the file naming the snapshots held (rewritten atomically)
   */
  public StateSync(
      String name,
      String chainId,
      P2pNode p2p,
      Artifacts artifacts,
      ChainStore chain,
      NodeBlockStore blocks,
      long interval,
      int kept,
      Path list)
      throws IOException {
    this.epochLength = chain.state().params().epochLength();
    if (interval < 0 || interval % epochLength != 0) {
      throw new IllegalArgumentException(
          "state_sync.snapshot_interval must be a multiple of the epoch length "
              + epochLength
              + ", got "
              + interval);
    }
    this.name = name;
    this.chainId = chainId;
    this.p2p = p2p;
    this.artifacts = artifacts;
    this.chain = chain;
    this.blocks = blocks;
    this.interval = interval;
    this.kept = kept;
    this.list = list;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-snapshots");
              t.setDaemon(true);
              return t;
            });
    load();
    p2p.onRequest(SNAPSHOTS, (from, body) -> body.length == 0 ? offers() : Reply.badRequest());
    p2p.onRequest(EPOCHS, (from, body) -> epochs(body));
  }

  // ------------------------------------------------------------------ serving

  private void load() throws IOException {
    if (!Files.exists(list)) {
      return;
    }
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      String[] f = line.trim().split(" ", -1);
      if (f.length == 2) {
        try {
          Offer o = new Offer(Long.parseLong(f[0]), Hash.of(Bytes.fromHex(f[1]).toArray()));
          if (artifacts.has(o.root().toArray())) {
            held.add(o);
          }
        } catch (IllegalArgumentException e) {
          LOG.warn("{} ignores a bad line in {}: {}", name, list, line);
        }
      }
    }
  }

  /** The snapshots this node holds, newest first. */
  public synchronized List<Offer> held() {
    List<Offer> l = new ArrayList<>(held);
    l.sort(Comparator.comparingLong(Offer::height).reversed());
    return l;
  }

  @Override
  public void committed(Block block, BlockResult result) {
    long h = block.height();
    if (interval > 0 && h % interval == 0) {
      Hash blockHash = block.hash();
      writer.execute(() -> take(new StateSnapshot(chainId, h, blockHash, result.state())));
    }
  }

  /** Writes a snapshot now (on the calling thread) and offers it; older ones beyond the kept go. */
  public void take(StateSnapshot s) {
    long start = System.nanoTime();
    byte[] bytes = s.encode();
    try {
      artifacts.put(s.root().toArray(), bytes);
      List<Hash> drop = new ArrayList<>();
      synchronized (this) {
        held.add(new Offer(s.height(), s.root()));
        held.sort(Comparator.comparingLong(Offer::height).reversed());
        while (held.size() > kept) {
          drop.add(held.remove(held.size() - 1).root());
        }
        writeList();
      }
      artifacts.index().remove(drop);
      LOG.info(
          "{} took a state snapshot at height {}: {} entries, {} bytes, in {} ms",
          name,
          s.height(),
          s.state().size(),
          bytes.length,
          (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      LOG.warn("{} could not write the snapshot at height {}: {}", name, s.height(), e.toString());
    }
  }

  private void writeList() throws IOException {
    StringBuilder b = new StringBuilder();
    for (Offer o : held) {
      b.append(o.height()).append(' ').append(o.root().toHex()).append('\n');
    }
    Path tmp = list.resolveSibling(list.getFileName() + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Reply offers() {
    List<Offer> l = held();
    Writer w = new Writer(4 + l.size() * 40);
    w.list(l, (x, o) -> x.u64(o.height()).raw(o.root().unsafeArray()));
    return Reply.ok(w.toByteArray());
  }

  /** Light-client steps from the asked epoch on, as many as this node has and one frame holds. */
  private Reply epochs(byte[] body) {
    long from;
    int count;
    try {
      Reader r = new Reader(body);
      from = r.amount();
      count = r.u32();
      r.end();
    } catch (DecodeException e) {
      return Reply.badRequest();
    }
    if (from < 1 || count < 1) {
      return Reply.badRequest();
    }
    List<byte[]> steps = new ArrayList<>();
    int bytes = 4;
    for (long e = from; e < from + Math.min(count, EPOCHS_PER_REQUEST); e++) {
      long h = e * epochLength;
      ActiveSet set = chain.validatorSetAfter(h);
      Optional<MerkleProof> proof = chain.validatorSetProof(h);
      Optional<byte[]> first = blocks.epochBlock(h + 1);
      if (set == null || proof.isEmpty() || first.isEmpty()) {
        break;
      }
      Writer w = new Writer(first.get().length + 4096);
      w.bytes(Bytes.wrap(first.get())).bytes(Bytes.wrap(StateCodec.encode(set)));
      proof.get().encode(w);
      byte[] step = w.toByteArray();
      if (bytes + 4 + step.length > p2p.maxPayloadBytes()) {
        break;
      }
      bytes += 4 + step.length;
      steps.add(step);
    }
    if (steps.isEmpty()) {
      return Reply.notFound();
    }
    return Reply.ok(new Writer(bytes).list(steps, (x, s) -> x.bytes(Bytes.wrap(s))).toByteArray());
  }

  // ------------------------------------------------------------------ restoring

  /** Why a restore could not be done from any peer. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    public Failed(String message) {
      super(message);
    }
  }

  /**
   * Restores the newest snapshot that verifies, from the peers connected within {@code waitMillis}.
   * Call with empty stores, before consensus starts; on success the stores hold the snapshot's
   * state and its block.
   *
   * @throws Failed when no peer offers a snapshot, or none that verifies
   */
  public Restored restore(ActiveSet genesisSet, SignatureVerifier verifier, long waitMillis)
      throws Failed, InterruptedException {
    long start = System.currentTimeMillis();
    long deadline = start + waitMillis;
    List<String> reasons = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      List<NodeId> peers = p2p.peers().stream().filter(p -> !p2p.isBanned(p)).toList();
      for (NodeId peer : peers) {
        for (Offer o : offersOf(peer)) {
          try {
            return restoreFrom(peer, o, genesisSet, verifier, start);
          } catch (LightClient.Refused e) {
            LOG.warn("{} refuses the state sync from {}: {}", name, peer, e.getMessage());
            reasons.add(peer + ": " + e.getMessage());
            p2p.penalize(peer, Penalty.INVALID_BLOCK);
            break;
          } catch (IOException e) {
            reasons.add(peer + ": " + e.getMessage());
            break; // this peer could not serve it: the next one may
          }
        }
      }
      Thread.sleep(500);
    }
    throw new Failed(
        reasons.isEmpty()
            ? "no peer offered a snapshot within " + waitMillis + " ms"
            : "no snapshot verified: " + String.join("; ", reasons));
  }

  private List<Offer> offersOf(NodeId peer) throws InterruptedException {
    try {
      Reply r = p2p.request(peer, SNAPSHOTS, new byte[0]).get(10, TimeUnit.SECONDS);
      if (!r.isOk()) {
        return List.of();
      }
      Reader in = new Reader(r.body());
      List<Offer> l = in.list(MAX_OFFERS, x -> new Offer(x.amount(), Hash.of(x.raw(Hash.SIZE))));
      in.end();
      List<Offer> usable = new ArrayList<>();
      for (Offer o : l) {
        if (o.height() > 0 && o.height() % epochLength == 0) {
          usable.add(o);
        }
      }
      usable.sort(Comparator.comparingLong(Offer::height).reversed());
      return usable;
    } catch (DecodeException e) {
      p2p.penalize(peer, Penalty.INVALID_MESSAGE);
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    }
  }

  private Restored restoreFrom(
      NodeId peer, Offer offer, ActiveSet genesisSet, SignatureVerifier verifier, long start)
      throws LightClient.Refused, IOException, InterruptedException {
    LOG.info(
        "{} state sync from {}: snapshot at height {}, root {}",
        name,
        peer,
        offer.height(),
        offer.root().shortHex());
    LightClient light = new LightClient(chainId, epochLength, genesisSet, verifier);
    long target = offer.height() / epochLength; // the snapshot's epoch
    List<SyncResponse> firsts = new ArrayList<>();
    while (light.epoch() + 1 < target) {
      List<LightClient.EpochStep> steps =
          steps(
              peer,
              light.epoch() + 1,
              (int) Math.min(EPOCHS_PER_REQUEST, target - 1 - light.epoch()));
      for (LightClient.EpochStep s : steps) {
        light.advance(s);
        firsts.add(s.first());
      }
      LOG.info(
          "{} state sync: validator sets followed to epoch {} of {}", name, light.epoch(), target);
    }
    List<SyncResponse> around = blocksAt(peer, offer.height());
    byte[] key = offer.root().toArray();
    StateSnapshot[] got = new StateSnapshot[1];
    Optional<byte[]> bytes =
        artifacts.fetch(
            key,
            MAX_SNAPSHOT_BYTES,
            b -> {
              try {
                StateSnapshot s = StateSnapshot.decode(b);
                got[0] = s;
                return s.root().equals(offer.root()) && s.height() == offer.height();
              } catch (DecodeException e) {
                return false;
              }
            });
    if (bytes.isEmpty() || got[0] == null) {
      throw new IOException("no peer served the snapshot at height " + offer.height());
    }
    StateSnapshot snapshot = got[0];
    light.acceptSnapshot(snapshot, around.get(0), around.get(1));
    Block block;
    try {
      block = Block.decode(around.get(0).block().payload());
    } catch (DecodeException e) {
      throw new LightClient.Refused("block " + offer.height() + " is not a chain block");
    }
    // the log first: a crash before the ledger is written leaves a log that a new restore replaces
    blocks.restore(around.get(0), firsts);
    chain.restore(snapshot, block, light.verified());
    long millis = System.currentTimeMillis() - start;
    LOG.info(
        "{} restored the state at height {} ({} entries, {} bytes, {} epochs followed) in {} ms",
        name,
        snapshot.height(),
        snapshot.state().size(),
        bytes.get().length,
        target,
        millis);
    return new Restored(snapshot.height(), snapshot.root(), bytes.get().length, target, millis);
  }

  private List<LightClient.EpochStep> steps(NodeId peer, long from, int count)
      throws IOException, InterruptedException, LightClient.Refused {
    Reply r = ask(peer, EPOCHS, new Writer(12).u64(from).u32(count).toByteArray());
    if (!r.isOk()) {
      throw new IOException("the peer has no light-client steps from epoch " + from);
    }
    List<LightClient.EpochStep> out = new ArrayList<>();
    try {
      Reader in = new Reader(r.body());
      List<Bytes> raw = in.list(EPOCHS_PER_REQUEST, x -> x.bytes(p2p.maxPayloadBytes()));
      in.end();
      for (Bytes b : raw) {
        Reader s = new Reader(b);
        SyncResponse first = syncResponse(s.bytes(p2p.maxPayloadBytes()).toArray());
        ActiveSet set =
            (ActiveSet) StateCodec.decode(StateKey.VALIDATOR_SET, s.bytes(1 << 20).toArray());
        MerkleProof proof = MerkleProof.decode(s);
        s.end();
        out.add(new LightClient.EpochStep(first, set, proof));
      }
    } catch (DecodeException e) {
      throw new LightClient.Refused("malformed light-client steps: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new IOException("the peer sent no light-client step");
    }
    return out;
  }

  /** Blocks {@code height} and {@code height + 1} with their certificates. */
  private List<SyncResponse> blocksAt(NodeId peer, long height)
      throws IOException, InterruptedException, LightClient.Refused {
    Reply r = ask(peer, Protocols.SYNC_BLOCKS, BlockBatch.encodeRequest(height, 2));
    if (!r.isOk()) {
      throw new IOException("the peer does not serve blocks " + height + " and " + (height + 1));
    }
    try {
      List<byte[]> l = BlockBatch.decodeBlocks(r.body(), 2);
      if (l.size() != 2) {
        throw new IOException("the peer does not have block " + (height + 1) + " yet");
      }
      return List.of(syncResponse(l.get(0)), syncResponse(l.get(1)));
    } catch (MalformedMessageException | DecodeException e) {
      throw new LightClient.Refused("malformed blocks: " + e.getMessage());
    }
  }

  private SyncResponse syncResponse(byte[] b) throws DecodeException {
    ConsensusMessage m = MessageCodec.decode(b, p2p.maxPayloadBytes());
    if (m instanceof SyncResponse s) {
      return s;
    }
    throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "not a committed block");
  }

  private Reply ask(NodeId peer, int protocol, byte[] body)
      throws IOException, InterruptedException {
    try {
      return p2p.request(peer, protocol, body).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the peer did not answer: " + e, e);
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
