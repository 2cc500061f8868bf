package network.pot.archfixture.cycle.a;

import network.pot.archfixture.cycle.b.B;

/** Half of a deliberate package cycle that the architecture rules must catch. */
public final class A {
  private A() {}

  /** Reaches into package b, which reaches back. */
  public static int viaB() {
    return B.value() + 1;
  }

  /** Called from package b. */
  public static int value() {
    return 1;
  }
}
