package network.pot.p2p.gossip;

/** A topic handler's verdict on a gossiped message. */
public enum Validation {
  /** Valid and new: deliver it and relay it to other peers. */
  ACCEPT,
  /** Not useful (stale, already known by other means): drop it without relaying or penalty. */
  IGNORE,
  /** Invalid (bad signature, malformed): drop it and penalize the peer that sent it. */
  REJECT
}
