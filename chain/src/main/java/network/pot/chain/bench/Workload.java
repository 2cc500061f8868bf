package network.pot.chain.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;

/**
 * A seeded, reproducible stream of signed, valid, mixed transactions over a set of funded accounts
 * and four genesis validators: mostly transfers, with delegations, undelegations, redelegations and
 * reward withdrawals. The same seed gives the same transactions, byte for byte.
 */
public final class Workload {
  /** Chain id of the benchmark network. */
  public static final String CHAIN_ID = "pot-bench";

  /** Balance of each funded account. */
  public static final long INITIAL_BALANCE = 1_000_000_000_000L;

  private final List<KeyPair> accounts;
  private final List<KeyPair> validators;
  private final SplittableRandom rnd;
  private final long[] nonces;
  private final Map<Long, Long> delegated = new HashMap<>();
  private final Map<Address, RevealChain> reveals = new HashMap<>();

  public Workload(int accountCount, long seed) {
    if (accountCount < 2) {
      throw new IllegalArgumentException("need at least two accounts");
    }
    this.accounts =
        IntStream.range(0, accountCount)
            .parallel()
            .mapToObj(i -> KeyPair.deterministic("pot-bench-account", i))
            .toList();
    this.validators =
        IntStream.range(0, 4)
            .mapToObj(i -> KeyPair.deterministic("pot-bench-validator", i))
            .toList();
    this.rnd = new SplittableRandom(seed);
    this.nonces = new long[accountCount];
    for (KeyPair v : validators) {
      reveals.put(Address.of(v), RevealChain.of(v, REVEAL_LENGTH));
    }
  }

  /** Blocks a benchmark validator can propose: more than any run makes. */
  private static final int REVEAL_LENGTH = 1 << 17;

  /** The reveal {@code proposer}, a benchmark validator, puts in the block after {@code state}. */
  public Hash reveal(LedgerState state, Address proposer) {
    return reveals.get(proposer).next(state.reveals(proposer).count());
  }

  /** The genesis of the benchmark network. */
  public Genesis genesis() {
    List<Genesis.Allocation> alloc = new ArrayList<>();
    for (KeyPair k : accounts) {
      alloc.add(new Genesis.Allocation(Address.of(k), INITIAL_BALANCE));
    }
    List<Genesis.InitialValidator> vals = new ArrayList<>();
    for (int i = 0; i < validators.size(); i++) {
      vals.add(
          new Genesis.InitialValidator(
              validators.get(i).publicKey(),
              10_000_000L * (i + 1),
              500,
              reveals.get(Address.of(validators.get(i))).anchor()));
    }
    return new Genesis(CHAIN_ID, 1_700_000_000_000L, alloc, vals, Params.DEFAULT);
  }

  /** Addresses of the genesis validators (all sign every block of the benchmark). */
  public List<Address> validatorAddresses() {
    return validators.stream().map(Address::of).sorted().toList();
  }

  /** The next {@code n} transactions, signed in parallel (signatures are deterministic). */
  public List<SignedTransaction> next(int n) {
    List<Transaction> bodies = new ArrayList<>(n);
    int[] signer = new int[n];
    for (int i = 0; i < n; i++) {
      int from = rnd.nextInt(accounts.size());
      signer[i] = from;
      bodies.add(new Transaction(CHAIN_ID, nonces[from]++, 10, payload(from)));
    }
    SignedTransaction[] out = new SignedTransaction[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(i -> out[i] = bodies.get(i).sign(accounts.get(signer[i])));
    return List.of(out);
  }

  private Payload payload(int from) {
    int dice = rnd.nextInt(100);
    int v = rnd.nextInt(validators.size());
    Address val = Address.of(validators.get(v));
    long key = (long) from * 16 + v;
    long have = delegated.getOrDefault(key, 0L);
    if (dice < 4) {
      long amount = 1_000L + rnd.nextInt(100_000);
      delegated.merge(key, amount, Long::sum);
      return new Payload.Delegate(val, amount);
    }
    if (dice < 6 && have > 1) {
      long amount = 1 + rnd.nextLong(have / 2);
      delegated.put(key, have - amount);
      return new Payload.Undelegate(val, amount);
    }
    if (dice < 8 && have > 1) {
      int w = (v + 1 + rnd.nextInt(validators.size() - 1)) % validators.size();
      long amount = 1 + rnd.nextLong(have / 2);
      delegated.put(key, have - amount);
      delegated.merge((long) from * 16 + w, amount, Long::sum);
      return new Payload.Redelegate(val, Address.of(validators.get(w)), amount);
    }
    if (dice < 10 && have > 0) {
      return new Payload.WithdrawRewards(val);
    }
    int to = rnd.nextInt(accounts.size());
    return new Payload.Transfer(Address.of(accounts.get(to)), 1 + rnd.nextInt(1_000_000));
  }
}
