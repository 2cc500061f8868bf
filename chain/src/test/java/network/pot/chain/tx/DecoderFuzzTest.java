package network.pot.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.chain.block.Block;
import network.pot.chain.state.StateCodec;
import network.pot.chain.state.StateKey;

/**
 * Random and mutated inputs reach the decoders: each either decodes to a value that re-encodes to
 * exactly the input, or fails with a {@link DecodeException}; nothing else may escape.
 */
class DecoderFuzzTest {
  private static final List<byte[]> SEEDS =
      SampleTransactions.all().values().stream().map(SignedTransaction::encode).toList();

  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> mutated =
        Arbitraries.integers()
            .between(0, SEEDS.size() - 1)
            .flatMap(i -> Arbitraries.longs().map(seed -> mutate(SEEDS.get(i), seed)));
    return Arbitraries.oneOf(random, mutated, mutated);
  }

  static byte[] mutate(byte[] in, long seed) {
    Random r = new Random(seed);
    List<Byte> b = new ArrayList<>();
    for (byte x : in) {
      b.add(x);
    }
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && !b.isEmpty(); e++) {
      int at = r.nextInt(b.size());
      switch (r.nextInt(5)) {
        case 0 -> b.set(at, (byte) (b.get(at) ^ (1 << r.nextInt(8))));
        case 1 -> b.set(at, (byte) r.nextInt(256));
        case 2 -> b.remove(at);
        case 3 -> b.add(at, (byte) r.nextInt(256));
        default -> b.subList(at, b.size()).clear();
      }
    }
    byte[] out = new byte[b.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  @Property(tries = 3000)
  void transactionDecoderFailsOnlyWithTypedErrors(@ForAll("inputs") byte[] input) {
    try {
      SignedTransaction tx = TransactionCodec.decode(input);
      assertThat(tx.encode()).isEqualTo(input);
    } catch (DecodeException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @Property(tries = 1000)
  void blockDecoderFailsOnlyWithTypedErrors(@ForAll("inputs") byte[] input) {
    try {
      Block b = Block.decode(input);
      assertThat(b.encode()).isEqualTo(input);
    } catch (DecodeException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @Property(tries = 1000)
  void stateDecoderFailsOnlyWithTypedErrors(
      @ForAll("inputs") byte[] input, @ForAll StateKey.Kind kind) {
    byte[] key = new byte[1 + kind.idLength()];
    key[0] = (byte) kind.tag();
    try {
      var v = StateCodec.decode(Bytes.wrap(key), input);
      assertThat(StateCodec.encode(v)).isEqualTo(input);
    } catch (DecodeException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @Example
  void trailingBytesAreRejected() {
    for (byte[] seed : SEEDS) {
      byte[] longer = java.util.Arrays.copyOf(seed, seed.length + 1);
      try {
        TransactionCodec.decode(longer);
        throw new AssertionError("accepted trailing byte");
      } catch (DecodeException e) {
        assertThat(e.reason()).isIn(DecodeException.Reason.TRAILING_BYTES);
      }
    }
  }
}
