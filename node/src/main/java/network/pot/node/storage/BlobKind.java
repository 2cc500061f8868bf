package network.pot.node.storage;

import java.util.Locale;

/** What a stored artifact is, as the chain names it. */
public enum BlobKind {
  SPEC,
  CHECKPOINT,
  TRANSCRIPT,
  DATASET,
  MODEL,
  /** Not (yet) named by the chain: work in progress, an upload not published, a stray. */
  OTHER;

  /** The lower-case name used in the config, the status report and the metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
