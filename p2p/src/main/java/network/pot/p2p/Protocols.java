package network.pot.p2p;

/** Numbers of the request and direct-message protocols the p2p module itself speaks. */
public final class Protocols {
  /** Request: the peers a node knows (peer exchange). */
  public static final int PEERS = 0x0001;

  /** Direct: the hash of a gossip message the sender has (sent to peers it did not push to). */
  public static final int GOSSIP_IHAVE = 0x0002;

  /** Request: a gossip message by hash, answered with its topic and payload. */
  public static final int GOSSIP_IWANT = 0x0003;

  /** Direct: a peer's chain height (8 bytes). */
  public static final int SYNC_STATUS = 0x0101;

  /** Request: a range of blocks by height. */
  public static final int SYNC_BLOCKS = 0x0102;

  /** Request: the manifest of a blob. */
  public static final int BLOB_MANIFEST = 0x0201;

  /** Request: one chunk of a blob. */
  public static final int BLOB_CHUNK = 0x0202;

  private Protocols() {}
}
