package network.pot.chain.tx;

import java.util.LinkedHashMap;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;

/** One deterministic signed transaction of every type: golden vectors and fuzzing seeds. */
public final class SampleTransactions {
  public static final String CHAIN_ID = "pot-golden";
  public static final KeyPair SIGNER = KeyPair.deterministic("golden-signer", 0);

  private SampleTransactions() {}

  public static Map<String, SignedTransaction> all() {
    Address to = Address.of(KeyPair.deterministic("golden-peer", 0));
    Hash h1 = Hash.sha256(new byte[] {1});
    Hash h2 = Hash.sha256(new byte[] {2});
    Hash h3 = Hash.sha256(new byte[] {3});
    KeyPair v = KeyPair.deterministic("golden-validator", 0);
    ConsensusVote a = vote(v, 9, h1);
    ConsensusVote b = vote(v, 9, h2);
    Map<String, Payload> p = new LinkedHashMap<>();
    p.put("transfer", new Payload.Transfer(to, 1_000_000));
    p.put(
        "create_validator",
        new Payload.CreateValidator(500, 5_000, Hash.sha256(new byte[] {5}), v.publicKey()));
    p.put("bond", new Payload.Bond(77));
    p.put("unbond", new Payload.Unbond(66));
    p.put("edit_commission", new Payload.EditCommission(1_000));
    p.put("delegate", new Payload.Delegate(to, 12_345));
    p.put("undelegate", new Payload.Undelegate(to, 2_345));
    p.put("redelegate", new Payload.Redelegate(to, Address.of(v), 45));
    p.put("withdraw_rewards", new Payload.WithdrawRewards(to));
    p.put("unjail", new Payload.Unjail());
    p.put("register_dataset", new Payload.RegisterDataset(h1, "CC-BY-4.0", 250));
    p.put(
        "publish_task",
        Payload.PublishTask.builder()
            .datasetId(h1)
            .specHash(h2)
            .totalSteps(1_000)
            .checkpointInterval(100)
            .flopsPerStep(50_000)
            .reward(1_000_000)
            .deadline(500)
            .minMinerBond(10_000)
            .sampleSize(3)
            .build());
    p.put("enroll_task", new Payload.EnrollTask(h3, 10_000));
    p.put("commit_proof", new Payload.CommitProof(h3, h1, h2, 912_345));
    p.put("verification_vote", new Payload.VerificationVote(h3, to, true));
    p.put("fraud_proof", new Payload.FraudProof(h3, to, 4, Bytes.fromHex("deadbeef")));
    p.put(
        "submit_proposal_param",
        new Payload.SubmitProposal(
            "raise reward", new ProposalAction.ParamChange("blockReward", 2_000_000), 10_000));
    p.put(
        "submit_proposal_spend",
        new Payload.SubmitProposal("grant", new ProposalAction.TreasurySpend(to, 99), 1));
    p.put(
        "submit_proposal_text", new Payload.SubmitProposal("hello", new ProposalAction.Text(), 5));
    p.put("deposit", new Payload.Deposit(3, 500));
    p.put("vote", new Payload.Vote(3, VoteOption.VETO));
    p.put("double_sign_evidence", new Payload.DoubleSignEvidence(a, b));
    Payload.ModelHashes g = new Payload.ModelHashes(h1, h2, h3);
    p.put(
        "publish_collab_task",
        Payload.PublishCollabTask.builder()
            .datasetId(h1)
            .specHash(h2)
            .genesis(g)
            .rounds(3)
            .localSteps(40)
            .checkpointInterval(10)
            .miners(4)
            .quorum(2)
            .outerLr(0.7f)
            .outerMomentum(0.9f)
            .flopsPerStep(50_000)
            .reward(900_000)
            .enrollDeadline(20)
            .roundBlocks(10)
            .minMinerBond(10_000)
            .sampleSize(2)
            .build());
    p.put("commit_contribution", new Payload.CommitContribution(h3, 1, h1, h2, 871));
    p.put("contribution_vote", new Payload.ContributionVote(h3, 1, to, false, 2));
    p.put("close_round", new Payload.CloseRound(h3, 1, g));
    p.put(
        "contribution_fraud_proof",
        new Payload.ContributionFraudProof(h3, 1, to, 0, Bytes.fromHex("7b7d")));
    Map<String, SignedTransaction> out = new LinkedHashMap<>();
    long nonce = 0;
    for (Map.Entry<String, Payload> e : p.entrySet()) {
      out.put(
          e.getKey(), new Transaction(CHAIN_ID, nonce++, 10 + nonce, e.getValue()).sign(SIGNER));
    }
    return out;
  }

  /** A signed consensus vote. */
  public static ConsensusVote vote(KeyPair k, long height, Hash block) {
    ConsensusVote unsigned =
        new ConsensusVote(height, 0, 2, block, k.publicKey(), Bytes.wrap(new byte[64]));
    return new ConsensusVote(
        height, 0, 2, block, k.publicKey(), k.sign(unsigned.signBytes(CHAIN_ID)));
  }
}
