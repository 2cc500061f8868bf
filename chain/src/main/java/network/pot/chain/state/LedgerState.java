package network.pot.chain.state;

import java.util.Map;
import java.util.function.BiConsumer;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.merkle.MerkleProof;
import network.pot.chain.merkle.SparseMerkleTree;

/**
 * An immutable ledger state: every account, validator, delegation, task, proposal and parameter,
 * held in a {@link SparseMerkleTree} whose root authenticates all of it. Applying a block yields a
 * new state that shares all untouched parts with this one.
 */
public final class LedgerState implements StateView {
  private final SparseMerkleTree<StateValue> tree;

  private LedgerState(SparseMerkleTree<StateValue> tree) {
    this.tree = tree;
  }

  /** The state holding exactly these entries (genesis, or a state reloaded from storage). */
  public static LedgerState of(Map<Bytes, StateValue> entries) {
    return new LedgerState(SparseMerkleTree.<StateValue>empty().update(entries, StateCodec::hash));
  }

  /** A new state with the changes applied (null deletes). */
  public LedgerState with(Map<Bytes, StateValue> changes) {
    return new LedgerState(tree.update(changes, StateCodec::hash));
  }

  @Override
  public StateValue get(Bytes key) {
    return tree.get(key);
  }

  /** The state root. */
  public Hash root() {
    return tree.root();
  }

  /** Height of the last applied block. */
  public long height() {
    return globals().height();
  }

  /** Number of state entries. */
  public int size() {
    return tree.size();
  }

  /** An inclusion (or exclusion) proof of a key against {@link #root()}. */
  public MerkleProof proof(Bytes key) {
    return tree.proof(key);
  }

  /** Visits every entry in a deterministic order. */
  public void forEach(BiConsumer<Bytes, StateValue> visitor) {
    tree.forEach(visitor);
  }
}
