package network.pot.consensus;

import java.io.IOException;
import java.util.List;

/**
 * The write-ahead log of what this node signed. Every proposal and vote is appended (and made
 * durable) before it is sent, and so is the proposal a node locks on; after a restart the node
 * replays the log and re-sends those exact messages instead of signing new ones, so a crash can
 * never make it double-sign or forget its lock.
 */
public interface VoteLog extends AutoCloseable {
  /** What a record is. */
  enum Kind {
    /** A proposal or vote this node signed. */
    SIGNED,
    /** A proposal this node locked on (precommitted for). */
    LOCKED
  }

  /** One record. */
  record Entry(Kind kind, ConsensusMessage message) {}

  /** Appends durably; returns only once the record would survive a crash. */
  void append(Kind kind, ConsensusMessage message) throws IOException;

  /** All records, oldest first. */
  List<Entry> replay() throws IOException;

  /** Drops records of heights below {@code height} (they are final and can no longer conflict). */
  void truncateBelow(long height) throws IOException;

  @Override
  void close() throws IOException;
}
