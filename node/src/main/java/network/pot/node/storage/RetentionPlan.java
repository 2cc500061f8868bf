package network.pot.node.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import network.pot.base.crypto.Hash;

/**
 * The retention decision, free of I/O: given the chain, the stored artifacts and the pins, what
 * each artifact is, why it is kept, and which can be deleted. The same plan feeds garbage
 * collection, {@code pot storage status} and the metrics, so they always agree.
 */
public final class RetentionPlan {
  /** An artifact in the store: its protocol key and its size on disk. */
  public record Stored(Hash key, long bytes) {}

  /** Why an artifact stays, or {@link #DELETABLE}. */
  public enum Reason {
    /** Pinned, or the transcript or final checkpoint that serve a pinned winning model. */
    PINNED,
    /**
     * The bundle of a dataset the node's config lists: the operator's data, which the node serves
     * to the peers that train on it (collected, no peer could fetch it from here).
     */
    CONFIGURED,
    /** The node's own task's winning model (or what serves it), pinned by default. */
    OWN_MODEL,
    /** A task still in its fraud-proof window (or open) names it. */
    TASK_WINDOW,
    /** The policy keeps its kind forever (for what serves a winning model: models forever). */
    POLICY,
    DELETABLE
  }

  /** The decision on one artifact. */
  public record Verdict(Hash key, BlobKind kind, long bytes, Reason reason) {
    public boolean deletable() {
      return reason == Reason.DELETABLE;
    }

    public boolean pinned() {
      return reason == Reason.PINNED || reason == Reason.OWN_MODEL;
    }
  }

  private final List<Verdict> verdicts;

  private RetentionPlan(List<Verdict> verdicts) {
    this.verdicts = List.copyOf(verdicts);
  }

  /** Every artifact's verdict, in the order given. */
  public List<Verdict> verdicts() {
    return verdicts;
  }

  /** The artifacts that may be deleted. */
  public List<Verdict> deletable() {
    return verdicts.stream().filter(Verdict::deletable).toList();
  }

  /** Bytes stored per kind (every kind present, zero when none). */
  public Map<BlobKind, Long> bytesByKind() {
    Map<BlobKind, Long> m = new EnumMap<>(BlobKind.class);
    for (BlobKind k : BlobKind.values()) {
      m.put(k, 0L);
    }
    verdicts.forEach(v -> m.merge(v.kind(), v.bytes(), Long::sum));
    return m;
  }

  public long pinnedBytes() {
    return verdicts.stream().filter(Verdict::pinned).mapToLong(Verdict::bytes).sum();
  }

  public long reclaimableBytes() {
    return verdicts.stream().filter(Verdict::deletable).mapToLong(Verdict::bytes).sum();
  }

  public long totalBytes() {
    return verdicts.stream().mapToLong(Verdict::bytes).sum();
  }

  /** Decides for every artifact in {@code stored}, on a node that lists no datasets. */
  public static RetentionPlan of(
      ChainFacts chain, Collection<Stored> stored, Set<Hash> pins, RetentionPolicy policy) {
    return of(chain, stored, pins, policy, Set.of());
  }

  /**
   * Decides for every artifact in {@code stored}; {@code configured} are the ids of the datasets
   * the node's config lists.
   */
  public static RetentionPlan of(
      ChainFacts chain,
      Collection<Stored> stored,
      Set<Hash> pins,
      RetentionPolicy policy,
      Set<Hash> configured) {
    Map<Hash, Role> roles = roles(chain, policy, pins);
    List<Verdict> out = new ArrayList<>(stored.size());
    for (Stored s : stored) {
      Role r = roles.get(s.key());
      BlobKind kind = r == null ? BlobKind.OTHER : r.kind;
      Reason reason;
      if (pins.contains(s.key())) {
        reason = Reason.PINNED;
      } else if (configured.contains(s.key())) {
        reason = Reason.CONFIGURED;
      } else if (r != null && r.ownModel) {
        reason = Reason.OWN_MODEL;
      } else if (r != null && r.servesPinnedModel) {
        reason = Reason.PINNED;
      } else if (r != null && r.needed) {
        reason = Reason.TASK_WINDOW;
      } else if (policy.keep(kind) == RetentionPolicy.Keep.FOREVER
          || (r != null && r.servesModelKeptForever)) {
        reason = Reason.POLICY;
      } else {
        reason = Reason.DELETABLE;
      }
      out.add(new Verdict(s.key(), kind, s.bytes(), reason));
    }
    return new RetentionPlan(out);
  }

  /**
   * What one key is to the chain: its first kind, whether any task still needs it, and whether it
   * is (or serves) a winning model that is kept.
   */
  private static final class Role {
    final BlobKind kind;
    boolean needed;
    boolean ownModel;
    boolean servesPinnedModel;
    boolean servesModelKeptForever;

    Role(BlobKind kind) {
      this.kind = kind;
    }
  }

  private static Map<Hash, Role> roles(ChainFacts chain, RetentionPolicy policy, Set<Hash> pins) {
    Map<Hash, Role> roles = new HashMap<>();
    for (ChainFacts.TaskFacts t : chain.tasks()) {
      boolean inWindow =
          !t.settled()
              || chain.height() <= Math.addExact(t.windowClosesAt(), policy.marginBlocks());
      note(roles, t.spec(), BlobKind.SPEC, inWindow);
      note(roles, t.dataset(), BlobKind.DATASET, inWindow);
      for (Hash h : t.transcripts()) {
        note(roles, h, BlobKind.TRANSCRIPT, inWindow);
      }
      for (Hash h : t.models()) {
        note(roles, h, BlobKind.MODEL, inWindow);
      }
      for (Hash h : t.checkpoints()) {
        note(roles, h, BlobKind.CHECKPOINT, inWindow);
      }
      ChainFacts.Winner w = t.winner();
      if (w != null) {
        // the model is served from the winner's transcript and final checkpoint: those stay as
        // long as the model does, whatever their own kind's window says
        boolean own = t.own() && policy.pinOwnModels();
        boolean pinned = pins.contains(w.model());
        boolean forever = policy.keep(BlobKind.MODEL) == RetentionPolicy.Keep.FOREVER;
        Role model = note(roles, w.model(), BlobKind.MODEL, inWindow);
        model.ownModel |= own;
        for (Role r : servingParts(roles, w, inWindow)) {
          r.ownModel |= own;
          r.servesPinnedModel |= pinned;
          r.servesModelKeptForever |= forever;
        }
      }
    }
    return roles;
  }

  private static List<Role> servingParts(
      Map<Hash, Role> roles, ChainFacts.Winner w, boolean inWindow) {
    List<Role> out = new ArrayList<>(2);
    out.add(note(roles, w.transcript(), BlobKind.TRANSCRIPT, inWindow));
    if (w.finalCheckpoint() != null) {
      out.add(note(roles, w.finalCheckpoint(), BlobKind.CHECKPOINT, inWindow));
    }
    return out;
  }

  private static Role note(Map<Hash, Role> roles, Hash key, BlobKind kind, boolean inWindow) {
    Role r = roles.computeIfAbsent(key, k -> new Role(kind));
    r.needed |= inWindow;
    return r;
  }
}
