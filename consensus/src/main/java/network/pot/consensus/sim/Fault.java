package network.pot.consensus.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults a simulation can inject: network faults, crashes, and Byzantine behaviours. */
public enum Fault {
  /** Messages are lost with some probability. */
  DROP(false),
  /** Messages are delivered twice with some probability. */
  DUPLICATE(false),
  /** Some messages get a large extra delay, so they overtake each other. */
  REORDER(false),
  /** The network splits into two groups for a while, then heals. */
  PARTITION(false),
  /** Honest nodes crash and restart from their vote log and block store. */
  CRASH(false),
  /** A Byzantine proposer sends different blocks to different peers, and votes both ways. */
  EQUIVOCATE(true),
  /** A Byzantine validator votes for blocks that do not exist, and for nil, to everyone. */
  CONFLICTING_VOTES(true),
  /** A Byzantine proposer proposes invalid blocks (bad payload, bad parent, bad certificate). */
  INVALID_PROPOSAL(true),
  /** A Byzantine node also sends random bytes, truncated and forged messages. */
  GARBAGE(true),
  /** A Byzantine node sends nothing at all. */
  SILENT(true),
  /** A Byzantine node delays its messages to some peers by seconds. */
  SELECTIVE_DELAY(true);

  private final boolean byzantine;

  Fault(boolean byzantine) {
    this.byzantine = byzantine;
  }

  /** True for a behaviour of a Byzantine node (needs {@code --byzantine} &gt; 0). */
  public boolean byzantine() {
    return byzantine;
  }

  /** The command-line name: lower case with dashes. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a comma-separated list of names; "all" and "none" are accepted. */
  public static Set<Fault> parseList(String list) {
    Set<Fault> out = EnumSet.noneOf(Fault.class);
    for (String part : list.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.equals("none")) {
        continue;
      }
      if (name.equals("all")) {
        out.addAll(EnumSet.allOf(Fault.class));
        continue;
      }
      Fault found = null;
      for (Fault f : values()) {
        if (f.cliName().equals(name)) {
          found = f;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "unknown fault '" + part.trim() + "'; known: all, none, " + knownNames());
      }
      out.add(found);
    }
    return out;
  }

  /** Formats a set as the list {@link #parseList} reads. */
  public static String toList(Set<Fault> faults) {
    if (faults.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (Fault f : faults) {
      sb.append(sb.length() == 0 ? "" : ",").append(f.cliName());
    }
    return sb.toString();
  }

  private static String knownNames() {
    return toList(EnumSet.allOf(Fault.class)).replace(",", ", ");
  }
}
