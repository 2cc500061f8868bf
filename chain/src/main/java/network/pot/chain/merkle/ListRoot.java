package network.pot.chain.merkle;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Hash;

/**
 * The Merkle root of an ordered list of hashes (a block's transactions): leaves are {@code H(0x00
 * || item)}, pairs {@code H(0x01 || left || right)}, an odd last node is promoted unchanged, and
 * the empty list has root {@link Hash#ZERO}.
 */
public final class ListRoot {
  private ListRoot() {}

  public static Hash of(List<Hash> items) {
    if (items.isEmpty()) {
      return Hash.ZERO;
    }
    List<Hash> level = new ArrayList<>(items.size());
    for (Hash h : items) {
      level.add(Hash.sha256(new byte[] {0}, h.unsafeArray()));
    }
    while (level.size() > 1) {
      List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(Hash.node((byte) 1, level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }
}
