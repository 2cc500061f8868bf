package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import org.junit.jupiter.api.Test;

class StateMachineTest {
  final KeyPair alice = TestChain.key("alice");
  final KeyPair bob = TestChain.key("bob");
  final KeyPair val = TestChain.key("val");
  final TestChain chain =
      new TestChain(
          TestChain.genesis(
              Params.DEFAULT, Map.of(alice, 1_000L, bob, 10L), List.of(val), 1_000, 0),
          List.of(val),
          FraudProofChecker.NONE);

  @Test
  void transferMovesTokensAndChargesFee() {
    assertThat(chain.run(alice, new Payload.Transfer(Address.of(bob), 100))).isEqualTo(Outcome.OK);
    assertThat(chain.balance(alice)).isEqualTo(1_000 - 100 - TestChain.FEE);
    assertThat(chain.balance(bob)).isEqualTo(110);
    assertThat(chain.state.account(Address.of(alice)).nonce()).isEqualTo(1);
  }

  @Test
  void rejectedTransactionsChangeNothing() {
    LedgerState before = chain.state;
    SignedTransaction tooMuch = chain.tx(alice, new Payload.Transfer(Address.of(bob), 5_000));
    SignedTransaction zero = chain.tx(alice, new Payload.Transfer(Address.of(bob), 0));
    Transaction body =
        new Transaction(TestChain.CHAIN_ID, 0, 1, new Payload.Transfer(Address.of(bob), 1));
    SignedTransaction forged =
        new SignedTransaction(body, alice.publicKey(), bob.sign(body.signBytes()));
    SignedTransaction wrongChain =
        new Transaction("other", 0, 1, new Payload.Transfer(Address.of(bob), 1)).sign(alice);
    SignedTransaction badNonce =
        new Transaction(TestChain.CHAIN_ID, 7, 1, new Payload.Transfer(Address.of(bob), 1))
            .sign(alice);
    SignedTransaction noFee =
        new Transaction(TestChain.CHAIN_ID, 0, 0, new Payload.Transfer(Address.of(bob), 1))
            .sign(alice);
    BlockResult r = chain.block(tooMuch, zero, forged, wrongChain, badNonce, noFee);
    assertThat(r.outcomes())
        .containsExactly(
            Outcome.INSUFFICIENT_FUNDS,
            Outcome.BAD_NONCE,
            Outcome.BAD_SIGNATURE,
            Outcome.WRONG_CHAIN,
            Outcome.BAD_NONCE,
            Outcome.FEE_TOO_LOW);
    assertThat(chain.state.account(Address.of(alice))).isEqualTo(before.account(Address.of(alice)));
    assertThat(chain.state.account(Address.of(bob))).isEqualTo(before.account(Address.of(bob)));
  }

  @Test
  void blockMustFitItsParent() {
    Block wrongHeight =
        Block.build(
            TestChain.CHAIN_ID,
            5,
            1,
            chain.state.globals().lastBlockHash(),
            chain.state.root(),
            Address.of(val),
            network.pot.base.crypto.Hash.ZERO,
            List.of(),
            List.of());
    assertThatThrownBy(() -> chain.machine.apply(chain.state, wrongHeight))
        .isInstanceOf(InvalidBlockException.class)
        .extracting(e -> ((InvalidBlockException) e).reason())
        .isEqualTo(InvalidBlockException.Reason.WRONG_HEIGHT);
    Block wrongRoot =
        Block.build(
            TestChain.CHAIN_ID,
            1,
            1,
            chain.state.globals().lastBlockHash(),
            network.pot.base.crypto.Hash.ZERO,
            Address.of(val),
            network.pot.base.crypto.Hash.ZERO,
            List.of(),
            List.of());
    assertThatThrownBy(() -> chain.machine.apply(chain.state, wrongRoot))
        .extracting(e -> ((InvalidBlockException) e).reason())
        .isEqualTo(InvalidBlockException.Reason.WRONG_STATE_ROOT);
  }

  @Test
  void proposerMustBeAnActiveValidator() {
    Block b =
        Block.build(
            TestChain.CHAIN_ID,
            1,
            1,
            chain.state.globals().lastBlockHash(),
            chain.state.root(),
            Address.of(alice),
            network.pot.base.crypto.Hash.ZERO,
            List.of(),
            List.of());
    assertThatThrownBy(() -> chain.machine.apply(chain.state, b))
        .extracting(e -> ((InvalidBlockException) e).reason())
        .isEqualTo(InvalidBlockException.Reason.PROPOSER_NOT_VALIDATOR);
  }

  @Test
  void stateBeforeABlockStaysUsable() {
    LedgerState before = chain.state;
    chain.run(alice, new Payload.Transfer(Address.of(bob), 100));
    assertThat(before.account(Address.of(alice)).balance()).isEqualTo(1_000);
    assertThat(before.root()).isNotEqualTo(chain.state.root());
  }

  @Test
  void accountProofsVerifyAgainstTheRoot() {
    chain.run(alice, new Payload.Transfer(Address.of(bob), 100));
    Bytes key = StateKey.account(Address.of(bob));
    var proof = chain.state.proof(key);
    assertThat(proof.verify(chain.state.root())).isTrue();
    assertThat(proof.provenValueHash())
        .isEqualTo(StateCodec.hash(chain.state.account(Address.of(bob))));
    var absent = chain.state.proof(StateKey.account(Address.of(TestChain.key("nobody"))));
    assertThat(absent.verify(chain.state.root())).isTrue();
    assertThat(absent.provenValueHash()).isNull();
  }
}
