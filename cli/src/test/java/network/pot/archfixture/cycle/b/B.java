package network.pot.archfixture.cycle.b;

import network.pot.archfixture.cycle.a.A;

/** The other half of the deliberate package cycle. */
public final class B {
  private B() {}

  /** Reaches back into package a. */
  public static int value() {
    return A.value() * 2;
  }
}
