package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;

/**
 * A small deterministic network for tests: named keys, a genesis, and helpers that sign
 * transactions with the right nonces and apply blocks signed by every active validator.
 */
public final class TestChain {
  public static final String CHAIN_ID = "pot-test";
  public static final long FEE = 1;

  public final StateMachine machine;
  public LedgerState state;
  public final List<KeyPair> validators;
  public BlockResult last;
  private final Map<Address, Long> nonces = new HashMap<>();
  private long time = 1_000_000;

  public TestChain(Genesis genesis, List<KeyPair> validators, FraudProofChecker checker) {
    this.machine = new StateMachine(genesis.chainId(), checker);
    this.state = genesis.state();
    this.validators = validators;
  }

  /**
   * The chain {@code from} stands at, from here on run by {@code machine} (for example one with a
   * collaborative checker).
   */
  public TestChain(TestChain from, StateMachine machine) {
    this.machine = machine;
    this.state = from.state;
    this.validators = from.validators;
    this.time = from.time;
  }

  /** Length of the test validators' reveal chains: more blocks than any test runs. */
  public static final int REVEALS = 1 << 15;

  private static final Map<Address, RevealChain> CHAINS = new ConcurrentHashMap<>();

  /** The reveal chain of {@code k} (a short one, kept for the JVM's life). */
  public static RevealChain reveals(KeyPair k) {
    return CHAINS.computeIfAbsent(Address.of(k), a -> RevealChain.of(k, REVEALS));
  }

  /** The reveal anchor a validator with key {@code k} registers. */
  public static Hash anchor(KeyPair k) {
    return reveals(k).anchor();
  }

  /** The reveal {@code proposer} makes in a block on {@code state}. */
  public static Hash revealOf(LedgerState state, Address proposer) {
    RevealChain chain = CHAINS.get(proposer);
    Reveals r = state.reveals(proposer);
    return chain == null || r == null ? Hash.ZERO : chain.next(r.count());
  }

  /** A deterministic key. */
  public static KeyPair key(String name) {
    return KeyPair.deterministic("test-" + name, 0);
  }

  /** Genesis with the given funded accounts and validators (self-bond, commission bps). */
  public static Genesis genesis(
      Params params,
      Map<KeyPair, Long> balances,
      List<KeyPair> vals,
      long selfBond,
      int commission) {
    List<Genesis.Allocation> alloc = new ArrayList<>();
    balances.forEach((k, b) -> alloc.add(new Genesis.Allocation(Address.of(k), b)));
    alloc.sort((a, b) -> a.address().compareTo(b.address()));
    List<Genesis.InitialValidator> iv = new ArrayList<>();
    for (KeyPair v : vals) {
      iv.add(new Genesis.InitialValidator(v.publicKey(), selfBond, commission, anchor(v)));
    }
    return new Genesis(CHAIN_ID, 0, alloc, iv, params);
  }

  /** Signs a payload from {@code from} with its next nonce. */
  public SignedTransaction tx(KeyPair from, Payload p) {
    long n = nonces.getOrDefault(Address.of(from), state.account(Address.of(from)).nonce());
    nonces.put(Address.of(from), n + 1);
    return new Transaction(CHAIN_ID, n, FEE, p).sign(from);
  }

  /** Applies a block with these transactions, every active validator signing the last one. */
  public BlockResult block(SignedTransaction... txs) {
    return block(allSigners(), txs);
  }

  /** Applies a block with the given last-commit signers. */
  public BlockResult block(List<Address> signers, SignedTransaction... txs) {
    Block b = next(signers, txs);
    try {
      last = machine.apply(state, b);
    } catch (InvalidBlockException e) {
      throw new AssertionError(e);
    }
    state = last.state();
    nonces.clear();
    assertThat(SupplyAudit.of(state).balanced())
        .as("supply after block %d", state.height())
        .isTrue();
    return last;
  }

  /** The next block with these transactions and last-commit signers, not applied. */
  public Block next(List<Address> signers, SignedTransaction... txs) {
    time += 1000;
    return Block.build(
        CHAIN_ID,
        state.height() + 1,
        time,
        state.globals().lastBlockHash(),
        state.root(),
        proposer(),
        revealOf(state, proposer()),
        signers,
        Arrays.asList(txs));
  }

  /** The addresses of the active validators, every one of them signing. */
  public List<Address> allSigners() {
    return state.validatorSet().members().stream().map(m -> m.address()).toList();
  }

  /**
   * The first active validator whose reveal chain this JVM knows (any validator when none is
   * active).
   */
  private network.pot.chain.crypto.Address proposer() {
    var members = state.validatorSet().members();
    return members.stream()
        .map(ActiveSet.Member::address)
        .filter(CHAINS::containsKey)
        .findFirst()
        .orElse(members.isEmpty() ? Address.of(validators.get(0)) : members.get(0).address());
  }

  /** Applies one transaction in its own block and returns its outcome. */
  public Outcome run(KeyPair from, Payload p) {
    return block(tx(from, p)).outcomes().get(0);
  }

  /** Applies empty blocks until the state reaches {@code height}. */
  public void advanceTo(long height) {
    while (state.height() < height) {
      block();
    }
  }

  public long balance(KeyPair k) {
    return state.account(Address.of(k)).balance();
  }
}
