package network.pot.chain.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.VoteOption;

/**
 * Drives a {@link TestChain} with seeded random blocks of every transaction type, valid and invalid
 * alike, and with validators sometimes missing from the commit (downtime).
 */
final class RandomLedger {
  /** Short periods so that every end-block path runs within a few dozen blocks. */
  static final Params PARAMS =
      Params.DEFAULT
          .with("epochLength", 5)
          .with("unbondingPeriod", 6)
          .with("downtimeWindow", 10)
          .with("maxMissedBlocks", 3)
          .with("downtimeJailBlocks", 4)
          .with("votingPeriod", 6)
          .with("depositPeriod", 6)
          .with("verificationWindow", 4)
          .with("minDeposit", 100)
          .with("minSelfBond", 10);

  /** Fraud proofs whose first evidence byte decides the verdict. */
  static final FraudProofChecker CHECKER =
      (task, e, proof) ->
          proof.evidence().length() == 0
              ? FraudProofChecker.Verdict.NOT_A_PROOF
              : switch (proof.evidence().get(0)) {
                case 1 -> FraudProofChecker.Verdict.TRANSCRIPT_INVALID;
                case 2 -> FraudProofChecker.Verdict.TRANSCRIPT_VALID;
                default -> FraudProofChecker.Verdict.NOT_A_PROOF;
              };

  final List<KeyPair> users = new ArrayList<>();
  final List<KeyPair> validators = new ArrayList<>();
  final List<KeyPair> everyone = new ArrayList<>();
  final List<Hash> tasks = new ArrayList<>();
  final List<Hash> datasets = new ArrayList<>();
  final List<Object[]> enrollments = new ArrayList<>();
  final SplittableRandom rnd;
  final Genesis genesis;
  final TestChain chain;

  RandomLedger(long seed) {
    rnd = new SplittableRandom(seed);
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      KeyPair k = KeyPair.deterministic("random-user", i);
      users.add(k);
      balances.put(k, 1_000_000L);
    }
    for (int i = 0; i < 3; i++) {
      KeyPair k = KeyPair.deterministic("random-validator", i);
      validators.add(k);
      balances.put(k, 100_000L);
    }
    everyone.addAll(users);
    everyone.addAll(validators);
    genesis = TestChain.genesis(PARAMS, balances, validators, 50_000, 1_000);
    chain = new TestChain(genesis, validators, CHECKER);
  }

  private KeyPair anyone() {
    return everyone.get(rnd.nextInt(everyone.size()));
  }

  private Address anyValidator() {
    return rnd.nextInt(10) == 0
        ? Address.of(users.get(rnd.nextInt(users.size())))
        : Address.of(validators.get(rnd.nextInt(validators.size())));
  }

  private long amount() {
    return switch (rnd.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE - rnd.nextInt(3);
      case 2 -> 1 + rnd.nextInt(5_000_000);
      default -> 1 + rnd.nextInt(20_000);
    };
  }

  private <T> T pick(List<T> l, T fallback) {
    return l.isEmpty() ? fallback : l.get(rnd.nextInt(l.size()));
  }

  /** Applies one random block and returns its result. */
  BlockResult step() {
    int n = rnd.nextInt(9);
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(randomTx());
    }
    List<Address> signers = new ArrayList<>();
    for (var m : chain.state.validatorSet().members()) {
      if (rnd.nextInt(5) != 0) {
        signers.add(m.address());
      }
    }
    return chain.block(signers, txs.toArray(new SignedTransaction[0]));
  }

  private SignedTransaction randomTx() {
    KeyPair from = anyone();
    Hash someHash = Hash.sha256(new byte[] {(byte) rnd.nextInt(4)});
    long h = chain.state.height();
    Payload p =
        switch (rnd.nextInt(30)) {
          case 0, 1, 2, 22, 23, 24, 25, 26 -> new Payload.Transfer(Address.of(anyone()), amount());
          case 3 ->
              new Payload.CreateValidator(
                  rnd.nextInt(10_001), amount(), TestChain.anchor(from), from.publicKey());
          case 4 -> new Payload.Bond(amount());
          case 5 -> new Payload.Unbond(amount());
          case 6 -> new Payload.EditCommission(rnd.nextInt(10_001));
          case 7, 8 -> new Payload.Delegate(anyValidator(), amount());
          case 9 -> new Payload.Undelegate(anyValidator(), amount());
          case 10 -> new Payload.Redelegate(anyValidator(), anyValidator(), amount());
          case 11 -> new Payload.WithdrawRewards(anyValidator());
          case 12 -> new Payload.Unjail();
          case 13 -> {
            Hash d = Hash.sha256(new byte[] {9, (byte) rnd.nextInt(30)});
            datasets.add(d);
            yield new Payload.RegisterDataset(d, "CC0", rnd.nextInt(3_000));
          }
          case 14 ->
              Payload.PublishTask.builder()
                  .datasetId(pick(datasets, someHash))
                  .specHash(someHash)
                  .totalSteps(100)
                  .checkpointInterval(10)
                  .flopsPerStep(1_000)
                  .reward(rnd.nextInt(4) == 0 ? amount() : 1 + rnd.nextInt(50_000))
                  .deadline(h + 3 + rnd.nextInt(10))
                  .minMinerBond(rnd.nextInt(500))
                  .sampleSize(2)
                  .build();
          case 15 -> {
            Hash t = pick(tasks, someHash);
            enrollments.add(new Object[] {t, from});
            yield new Payload.EnrollTask(t, rnd.nextInt(3) == 0 ? amount() : 1 + rnd.nextInt(900));
          }
          case 16 -> {
            Object[] e = pick(enrollments, new Object[] {someHash, from});
            from = (KeyPair) e[1];
            yield new Payload.CommitProof((Hash) e[0], someHash, someHash, rnd.nextInt(1_000));
          }
          case 17 -> {
            Object[] e = pick(enrollments, new Object[] {someHash, from});
            from = validators.get(rnd.nextInt(validators.size()));
            yield new Payload.VerificationVote(
                (Hash) e[0], Address.of((KeyPair) e[1]), rnd.nextInt(4) != 0);
          }
          case 18 -> {
            Object[] e = pick(enrollments, new Object[] {someHash, from});
            yield new Payload.FraudProof(
                (Hash) e[0],
                Address.of((KeyPair) e[1]),
                1,
                Bytes.wrap(new byte[] {(byte) rnd.nextInt(4)}));
          }
          case 19 ->
              new Payload.SubmitProposal(
                  "p",
                  switch (rnd.nextInt(3)) {
                    case 0 ->
                        new ProposalAction.ParamChange(
                            rnd.nextBoolean() ? "minDeposit" : "epochLength",
                            1 + rnd.nextInt(2_000_000));
                    case 1 -> new ProposalAction.TreasurySpend(Address.of(anyone()), amount());
                    default -> new ProposalAction.Text();
                  },
                  amount() % 300);
          case 20 ->
              rnd.nextBoolean()
                  ? new Payload.Deposit(
                      1 + rnd.nextInt((int) Math.min(50, chain.state.globals().nextId())),
                      rnd.nextInt(200))
                  : new Payload.Vote(
                      1 + rnd.nextInt((int) Math.min(50, chain.state.globals().nextId())),
                      VoteOption.byTag(1 + rnd.nextInt(4)));
          case 21 -> new Payload.EnrollTask(pick(tasks, someHash), 1 + rnd.nextInt(900));
          default -> {
            if (rnd.nextInt(3) != 0) {
              yield new Payload.Transfer(Address.of(anyone()), amount());
            }
            KeyPair v = validators.get(rnd.nextInt(validators.size()));
            long vh = Math.max(1, h - rnd.nextInt(3));
            ConsensusVote a = vote(v, vh, Hash.sha256(new byte[] {1}));
            ConsensusVote b = vote(v, vh, Hash.sha256(new byte[] {(byte) (1 + rnd.nextInt(2))}));
            yield new Payload.DoubleSignEvidence(a, b);
          }
        };
    SignedTransaction tx = chain.tx(from, p);
    if (p instanceof Payload.PublishTask) {
      tasks.add(Tasks.taskId(Address.of(from), tx.body().nonce()));
    }
    return tx;
  }

  static ConsensusVote vote(KeyPair k, long height, Hash block) {
    ConsensusVote unsigned =
        new ConsensusVote(height, 0, 2, block, k.publicKey(), Bytes.wrap(new byte[64]));
    return new ConsensusVote(
        height, 0, 2, block, k.publicKey(), k.sign(unsigned.signBytes(TestChain.CHAIN_ID)));
  }
}
